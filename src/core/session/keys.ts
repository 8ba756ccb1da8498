/**
 * Which API key a command uses, and where it came from. Order: --api-key, the provider's own
 * variables (RUNWAYML_API_SECRET, RUNWAY_API_KEY_<NAME>), the stored key, then the generic
 * RUNWAY_API_KEY. The generic variable comes after the stored key on purpose: a key exported
 * for one provider must not be sent to another provider the user has a stored key for.
 */
import { AuthError } from '../errors.js';
import { registerSecret } from '../redact.js';
import type { ProviderPreset } from '../../providers/presets.js';

export interface ResolvedKey {
  key: string;
  /** "--api-key", "env RUNWAYML_API_SECRET", "store", … */
  source: string;
}

export interface KeySources {
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The stored key, read only when the lookup gets to it (one in the OS keyring costs a call). */
  stored?: string | (() => string | undefined) | undefined;
  /** How the source of a stored key is named: "store" (the 0600 file), "keyring". */
  storedIn?: string | undefined;
}

export function providerEnvVars(preset: ProviderPreset): string[] {
  return [...preset.keyEnv, `RUNWAY_API_KEY_${preset.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
}

/**
 * Why a key cannot be sent as an HTTP header (a zero-width space, an ellipsis or a newline
 * pasted with it), naming the position and the character's code, never the key itself.
 */
export function unsendableKeyReason(key: string): string | undefined {
  const chars = [...key];
  const at = chars.findIndex((c) => c < '!' || c > '~');
  if (at < 0) return undefined;
  const code = (chars[at] as string).codePointAt(0) ?? 0;
  return (
    `character ${at + 1} of ${chars.length} is U+${code.toString(16).toUpperCase().padStart(4, '0')}, which cannot ` +
    `be sent in an HTTP header`
  );
}

export function checkSendableKey(key: string, source: string): void {
  const reason = unsendableKeyReason(key);
  if (!reason) return;
  throw new AuthError(`The API key from ${source} is not usable: ${reason}. Nothing was sent.`, {
    hint:
      "Copy the key again from the provider's dashboard (plain letters, digits and punctuation only) and store it " +
      'with `runway auth set <provider>`.',
  });
}

export function findKey(preset: ProviderPreset, sources: KeySources): ResolvedKey | undefined {
  const stored = sources.stored;
  const candidates: [string | undefined | (() => string | undefined), string][] = [
    [sources.flag, '--api-key'],
    ...providerEnvVars(preset).map((name): [string | undefined, string] => [sources.env[name], `env ${name}`]),
    [stored, sources.storedIn ?? 'store'],
    [sources.env.RUNWAY_API_KEY, 'env RUNWAY_API_KEY'],
  ];
  for (const [given, source] of candidates) {
    const value = typeof given === 'function' ? given() : given;
    const key = value?.trim();
    if (key) {
      registerSecret(key);
      checkSendableKey(key, source);
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
    hint:
      `Store one with \`runway auth set ${preset.name}\` (it reads the key from stdin or a hidden prompt), or set ` +
      `${vars}, or pass --api-key.${preset.keyUrl ? ` Keys come from ${preset.keyUrl}` : ''}`,
  });
}
