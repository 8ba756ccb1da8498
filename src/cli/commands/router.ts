/** `runway router list|show <id>|create <slug>`: the Model Router configs of the account (official API). */
import { UsageError } from '../../core/errors.js';
import { routerCommand, type RouterAsk } from '../../core/models/routers.js';
import { parseBase } from '../parse/session.js';
import { withSession } from '../session/with-session.js';
import { renderRouters } from '../views/router.js';
import type { HandlerContext } from '../handler.js';
import type { ProviderFlags } from '../options/flags.js';

interface RouterFlags extends ProviderFlags {
  model?: string[];
  optimizeFor?: string;
  maxCreditsVideo?: number;
  maxCreditsImage?: number;
  fallback?: boolean;
  name?: string;
  description?: string;
}

function askOf(action: string, id: string | undefined, o: RouterFlags): RouterAsk {
  if (action === 'list') return { action };
  if (action === 'show') return { action, id: id as string };
  if (o.optimizeFor !== undefined && !['cost', 'latency', 'quality'].includes(o.optimizeFor))
    throw new UsageError(`--optimize-for must be cost, latency or quality (got "${o.optimizeFor}").`);
  const maxCredits = { video: o.maxCreditsVideo, image: o.maxCreditsImage };
  const config = {
    slug: id as string,
    name: o.name,
    description: o.description,
    models: o.model,
    optimizeFor: o.optimizeFor as 'cost' | undefined,
    maxCredits,
    fallback: o.fallback,
  };
  return { action: 'create', config };
}

export async function run({ args, options, preset }: HandlerContext<RouterFlags>): Promise<number> {
  const ask = askOf(String(preset.action), args[0], options);
  const base = parseBase(options);
  return renderRouters(await withSession(base, ({ session }) => routerCommand(session, ask)), base.mode.json);
}
