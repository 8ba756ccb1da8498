/** `runway auth`: keys stored in the config store (0600), checked when they enter, never shown whole. */
import { UsageError } from '../errors.js';
import { maskKey, registerSecret } from '../redact.js';
import { findKey, providerEnvVars, unsendableKeyReason } from './keys.js';
import { allProviders, findProvider } from './providers.js';
import type { ConfigStore, KeyPlace } from './config.js';
import type { ProviderPreset } from '../../providers/presets.js';

export interface KeyStored {
  provider: string;
  /** The key masked (key_…a1b2). */
  masked: string;
  where: string;
  /** Why the key looks wrong for this provider, when it does (stored anyway). */
  doubt?: string | undefined;
}

/** The provider a key is for, checked before the key is asked for. */
export function keyTarget(config: ConfigStore, providerName: string): ProviderPreset {
  const provider = findProvider(providerName, config.userProviders());
  if (provider.inProcess) throw new UsageError('The simulator needs no key.');
  return provider;
}

/** `place`: where to keep it (the setting key-store, else the 0600 file, unless the command says). */
export async function storeKey(config: ConfigStore, provider: ProviderPreset, given: string, place?: KeyPlace): Promise<KeyStored> {
  const key = given.trim();
  if (!key) throw new UsageError('No key given; nothing was stored.');
  if (/\s/.test(key)) throw new UsageError('The key contains whitespace; nothing was stored. Paste exactly one key.');
  registerSecret(key);
  const unsendable = unsendableKeyReason(key);
  if (unsendable)
    throw new UsageError(`Not stored: ${unsendable}.`, {
      hint: "Copy the key again from the provider's dashboard; it is plain letters, digits and punctuation.",
    });
  const where = place ?? config.defaultKeyPlace();
  await config.storeKey(provider.name, key, where);
  const doubt = provider.keyFormat && !provider.keyFormat.pattern.test(key) ? provider.keyFormat.description : undefined;
  return { provider: provider.name, masked: maskKey(key), where: where === 'keyring' ? 'the OS keyring' : config.path, doubt };
}

/** `auth move <provider> --to keyring|file`: the stored key, kept in the other place from now on. */
export async function moveKey(config: ConfigStore, providerName: string, to: KeyPlace): Promise<KeyStored> {
  const provider = findProvider(providerName, config.userProviders());
  const key = config.storedKey(provider.name);
  if (key === undefined) throw new UsageError(`No key is stored for ${provider.name}; nothing to move.`);
  if (config.keyPlace(provider.name) === to)
    throw new UsageError(`The key for ${provider.name} is already in the ${to === 'keyring' ? 'OS keyring' : 'file'}.`);
  return storeKey(config, provider, key, to);
}

export async function removeStoredKey(config: ConfigStore, providerName: string): Promise<{ provider: string; removed: boolean }> {
  const provider = findProvider(providerName, config.userProviders());
  return { provider: provider.name, removed: await config.removeKey(provider.name) };
}

export interface KeySource {
  provider: string;
  source: string | null;
  key: string | null;
  envVars: string[];
}

/** Where each provider gets its key from (masked), in lookup order. */
export function keySources(config: ConfigStore, env: NodeJS.ProcessEnv): KeySource[] {
  return allProviders(config.userProviders())
    .filter((p) => !p.inProcess)
    .map((p) => {
      const place = config.keyPlace(p.name);
      const found = findKey(p, { env, stored: () => config.peekStoredKey(p.name), storedIn: place === 'keyring' ? 'keyring' : 'store' });
      return {
        provider: p.name,
        source: found?.source ?? null,
        key: found ? maskKey(found.key) : null,
        envVars: [...providerEnvVars(p), 'RUNWAY_API_KEY'],
      };
    });
}
