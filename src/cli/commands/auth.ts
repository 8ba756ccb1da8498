/** `runway auth set|status|remove`: keys in the config store (0600), never echoed or printed whole. */
import { ConfigStore } from '../../core/session/config.js';
import { stateDirs } from '../../core/paths.js';
import { keySources, keyTarget, removeStoredKey, storeKey } from '../../core/session/auth.js';
import { readSecret } from '../parse/secret.js';
import { renderKeySources, renderRemoved, renderStored } from '../views/auth.js';
import type { HandlerContext } from '../handler.js';

export async function run({ args, options, preset }: HandlerContext<{ json?: boolean }>): Promise<number> {
  const config = new ConfigStore(stateDirs().config);
  const provider = args[0] as string;
  switch (preset.action) {
    case 'set': {
      const target = keyTarget(config, provider);
      return renderStored(await storeKey(config, target, await readSecret(`API key for ${target.name} (input hidden): `)));
    }
    case 'remove':
      return renderRemoved(await removeStoredKey(config, provider));
    default:
      return renderKeySources(keySources(config, process.env), options.json === true);
  }
}
