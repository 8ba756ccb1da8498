/** `runway router list|show|create`: the Model Router configs of the account (official API), as data. */
import { UsageError } from '../errors.js';
import { callProvider } from '../session/provider-call.js';
import { routerConfigs, type RouterConfig, type RouterConfigAsk } from '../../providers/official/router.js';
import type { Session } from '../session/session.js';

export type RouterOutcome = { kind: 'list'; routers: RouterConfig[] } | { kind: 'one'; router: RouterConfig };

export type RouterAsk = { action: 'list' } | { action: 'show'; id: string } | { action: 'create'; config: RouterConfigAsk };

export async function routerCommand(session: Session, ask: RouterAsk): Promise<RouterOutcome> {
  if (!session.provider.preset.features.officialCatalog)
    throw new UsageError(`${session.name} has no Model Router: \`runway router\` works on the official API.`);
  switch (ask.action) {
    case 'list':
      return {
        kind: 'list',
        routers: await callProvider(session, routerConfigs.list(), {
          kind: 'idempotent',
          purpose: 'list routers',
          parse: routerConfigs.parseList,
        }),
      };
    case 'show':
      return {
        kind: 'one',
        router: await callProvider(session, routerConfigs.show(ask.id), {
          kind: 'idempotent',
          purpose: 'read router',
          parse: routerConfigs.parseOne,
        }),
      };
    case 'create': {
      // Not a paid task: an account setting, created once (a retry after a lost answer is refused as a duplicate slug).
      const spec = routerConfigs.create(ask.config);
      return {
        kind: 'one',
        router: await callProvider(session, spec, { kind: 'idempotent', purpose: 'create router', parse: routerConfigs.parseOne }),
      };
    }
  }
}
