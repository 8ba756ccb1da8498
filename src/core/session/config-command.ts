/** `runway config get|set|unset|list|path`, as data. Stored keys are never shown here (see `auth status`). */
import { UsageError } from '../errors.js';
import { settings, type ConfigStore } from './config.js';
import { allProviders, findProvider } from './providers.js';

export type ConfigOutcome =
  | { kind: 'path'; path: string }
  | { kind: 'value'; key: string; value: unknown }
  /** `incomplete`: a user-defined provider that still lacks its protocol or base URL. */
  | { kind: 'set'; key: string; value: unknown; incomplete?: string | undefined }
  | { kind: 'unset' }
  | { kind: 'list'; settings: Record<string, unknown> };

export async function configCommand(config: ConfigStore, action: string, key: string, value: string): Promise<ConfigOutcome> {
  switch (action) {
    case 'path':
      return { kind: 'path', path: config.path };
    case 'get':
      if (key === 'keys' || key.startsWith('keys.')) throw new UsageError('Stored keys are not shown; use `runway auth status`.');
      if (!(key in settings) && !key.startsWith('providers'))
        throw new UsageError(`Unknown setting "${key}"; settings: ${Object.keys(settings).join(', ')}, providers.<name>.*.`);
      return { kind: 'value', key, value: config.get(key) };
    case 'set': {
      if (key === 'default-provider') findProvider(value, config.userProviders());
      const stored = await config.set(key, value);
      const provider = /^providers\.([^.]+)\./.exec(key)?.[1];
      const incomplete = provider && !allProviders(config.userProviders()).some((p) => p.name === provider) ? provider : undefined;
      return { kind: 'set', key, value: stored, incomplete };
    }
    case 'unset':
      await config.unset(key);
      return { kind: 'unset' };
    default:
      return { kind: 'list', settings: config.list() };
  }
}
