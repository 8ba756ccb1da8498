/** `runway auth`: keys stored in the config store (0600), checked when they enter, never shown whole. */
import { AuthError, UsageError } from '../errors.js';
import { maskKey, registerSecret } from '../redact.js';
import { findKey, providerEnvVars, unsendableKeyReason } from './keys.js';
import { allProviders, findProvider } from './providers.js';
import type { ConfigStore } from './config.js';
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

export async function storeKey(config: ConfigStore, provider: ProviderPreset, given: string): Promise<KeyStored> {
  const key = given.trim();
  if (!key) throw new UsageError('No key given; nothing was stored.');
  if (/\s/.test(key)) throw new UsageError('The key contains whitespace; nothing was stored. Paste exactly one key.');
  registerSecret(key);
  const unsendable = unsendableKeyReason(key);
  if (unsendable)
    throw new AuthError(`Not stored: ${unsendable}.`, {
      hint: "Copy the key again from the provider's dashboard; it is plain letters, digits and punctuation.",
    });
  await config.storeKey(provider.name, key);
  const doubt = provider.keyFormat && !provider.keyFormat.pattern.test(key) ? provider.keyFormat.description : undefined;
  return { provider: provider.name, masked: maskKey(key), where: config.path, doubt };
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
      const found = findKey(p, { env, stored: config.storedKey(p.name) });
      return {
        provider: p.name,
        source: found?.source ?? null,
        key: found ? maskKey(found.key) : null,
        envVars: [...providerEnvVars(p), 'RUNWAY_API_KEY'],
      };
    });
}
