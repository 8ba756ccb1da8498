/** `runway config get|set|unset|list|path`. Stored keys are never shown here (see `auth status`). */
import { ConfigStore, settings } from '../../core/session/config.js';
import { UsageError } from '../../core/errors.js';
import { stateDirs } from '../../core/paths.js';
import { allProviders, findProvider } from '../../core/session/providers.js';
import { printJson, printLine } from '../render/output.js';
import type { HandlerContext } from '../handler.js';
import { say } from '../render/terminal.js';

function show(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

export async function run({ args, options, preset }: HandlerContext): Promise<number> {
  const config = new ConfigStore(stateDirs().config);
  const [key, value] = args as [string, string];
  switch (preset.action) {
    case 'path':
      printLine(config.path);
      return 0;
    case 'get': {
      if (key === 'keys' || key.startsWith('keys.')) throw new UsageError('Stored keys are not shown; use `runway auth status`.');
      if (!(key in settings) && !key.startsWith('providers')) {
        throw new UsageError(`Unknown setting "${key}"; settings: ${Object.keys(settings).join(', ')}, providers.<name>.*.`);
      }
      const found = config.get(key);
      if (found === undefined) say(`runway: ${key} is not set`);
      else printLine(show(found));
      return 0;
    }
    case 'set': {
      if (key === 'default-provider') findProvider(value, config.userProviders());
      const stored = await config.set(key, value);
      const provider = /^providers\.([^.]+)\./.exec(key)?.[1];
      if (provider && !allProviders(config.userProviders()).some((p) => p.name === provider)) {
        say(`runway: provider "${provider}" needs both protocol and base-url before it can be used.`);
      }
      say(`runway: ${key} = ${show(stored)}`);
      return 0;
    }
    case 'unset':
      await config.unset(key);
      return 0;
    default: {
      const all = config.list();
      if (options.json) printJson(all);
      else for (const [name, v] of Object.entries(all)) printLine(`${name} = ${show(v)}`);
      return 0;
    }
  }
}
