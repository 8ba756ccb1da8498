/**
 * Which API key a command uses, and where it came from. Order: --api-key, the provider's own
 * variables (RUNWAYML_API_SECRET, RUNWAY_API_KEY_<NAME>), the stored key, then the generic
 * RUNWAY_API_KEY. The generic variable comes after the stored key on purpose: a key exported
 * for one provider must not be sent to another provider the user has a stored key for.
 */
import { AuthError } from './errors.js';
import { registerSecret } from './redact.js';
import type { ProviderPreset } from '../providers/presets.js';

export interface ResolvedKey {
  key: string;
  /** "--api-key", "env RUNWAYML_API_SECRET", "store", … */
  source: string;
}

export interface KeySources {
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  stored?: string | undefined;
}

export function providerEnvVars(preset: ProviderPreset): string[] {
  return [...preset.keyEnv, `RUNWAY_API_KEY_${preset.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
}

export function findKey(preset: ProviderPreset, sources: KeySources): ResolvedKey | undefined {
  const candidates: [string | undefined, string][] = [
    [sources.flag, '--api-key'],
    ...providerEnvVars(preset).map((name): [string | undefined, string] => [sources.env[name], `env ${name}`]),
    [sources.stored, 'store'],
    [sources.env.RUNWAY_API_KEY, 'env RUNWAY_API_KEY'],
  ];
  for (const [value, source] of candidates) {
    const key = value?.trim();
    if (key) {
      registerSecret(key);
      return { key, source };
    }
  }
  return undefined;
}

export function requireKey(preset: ProviderPreset, sources: KeySources): ResolvedKey {
  const found = findKey(preset, sources);
  if (found) return found;
  const vars = [...providerEnvVars(preset), 'RUNWAY_API_KEY'].join(' or ');
  throw new AuthError(`No API key for provider "${preset.name}".`, {
    hint: `Store one with \`runway auth set ${preset.name}\` (it reads the key from stdin or a hidden prompt), or set ${vars}, or pass --api-key.${
      preset.keyUrl ? ` Keys come from ${preset.keyUrl}` : ''
    }`,
  });
}
