/** `runway auth set|status|remove|move`: keys in the config store (0600) or the OS keyring, never echoed or printed whole. */
import { ConfigStore } from '../../core/session/config.js';
import { stateDirs } from '../../core/paths.js';
import { UsageError } from '../../core/errors.js';
import { keySources, keyTarget, moveKey, removeStoredKey, storeKey } from '../../core/session/auth.js';
import { readSecret } from '../parse/secret.js';
import { renderKeySources, renderRemoved, renderStored } from '../views/auth.js';
import type { HandlerContext } from '../handler.js';

interface AuthFlags {
  json?: boolean;
  keyring?: boolean;
  file?: boolean;
  to?: string;
}

export async function run({ args, options, preset }: HandlerContext<AuthFlags>): Promise<number> {
  const config = new ConfigStore(stateDirs().config);
  const provider = args[0] as string;
  switch (preset.action) {
    case 'set': {
      if (options.keyring && options.file) throw new UsageError('--keyring and --file contradict each other; pick one.');
      const target = keyTarget(config, provider);
      const place = options.keyring ? 'keyring' : options.file ? 'file' : undefined;
      return renderStored(await storeKey(config, target, await readSecret(`API key for ${target.name} (input hidden): `), place));
    }
    case 'move': {
      if (options.to !== 'keyring' && options.to !== 'file') throw new UsageError('--to is keyring or file.');
      return renderStored(await moveKey(config, provider, options.to));
    }
    case 'remove':
      return renderRemoved(await removeStoredKey(config, provider));
    default:
      return renderKeySources(keySources(config, process.env), options.json === true);
  }
}
