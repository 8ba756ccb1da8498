/** Finding a provider by name: built-in presets plus user-defined ones, with typo suggestions. */
import { UsageError } from '../errors.js';
import { closest } from './suggest.js';
import { presets, protocolFeatureDefaults, type ProviderPreset } from '../../providers/presets.js';
import { catalogOf, protocolAdapter } from '../../providers/protocols.js';
import type { ModelSpec, ProtocolAdapter, ProtocolId } from '../../providers/types.js';
import type { UserProvider } from './config.js';

export interface ResolvedProvider {
  preset: ProviderPreset;
  adapter: ProtocolAdapter;
  catalog: ModelSpec[];
  baseUrl: string;
}

/** Presets with user overrides applied, then the user's own providers. */
export function allProviders(user: Record<string, UserProvider> = {}): ProviderPreset[] {
  const merged = presets.map((preset) => {
    const custom = user[preset.name];
    if (!custom) return preset;
    return {
      ...preset,
      baseUrl: custom['base-url'] ?? preset.baseUrl,
      minPollMs: custom['poll-interval'] !== undefined ? custom['poll-interval'] * 1000 : preset.minPollMs,
    };
  });
  for (const [name, custom] of Object.entries(user)) {
    if (presets.some((p) => p.name === name)) continue;
    const protocol = custom.protocol as ProtocolId | undefined;
    if (!protocol || !custom['base-url']) continue;
    merged.push({
      name,
      protocol,
      baseUrl: custom['base-url'],
      minPollMs: (custom['poll-interval'] ?? 5) * 1000,
      features: protocolFeatureDefaults(protocol),
      keyEnv: [],
      keyUrl: '',
      notFoundGraceMs: 30_000,
      userDefined: true,
    });
  }
  return merged;
}

export function findProvider(name: string, user: Record<string, UserProvider> = {}): ProviderPreset {
  const all = allProviders(user);
  const found = all.find((p) => p.name === name);
  if (found) return found;
  const incomplete = user[name];
  if (incomplete) {
    const missing = [!incomplete.protocol && 'protocol', !incomplete['base-url'] && 'base-url'].filter(Boolean).join(' and ');
    throw new UsageError(`Provider "${name}" is only partly defined: it has no ${missing}.`, {
      hint:
        `Run \`runway config set providers.${name}.protocol official|web-tasks|pro-feed\` and \`runway config set ` +
        `providers.${name}.base-url <url>\`.`,
    });
  }
  const suggestion = closest(
    name,
    all.map((p) => p.name),
  );
  throw new UsageError(`Unknown provider "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, {
    hint: `Known providers: ${all.map((p) => p.name).join(', ')}. See \`runway providers\`.`,
  });
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Environment variables that set a provider's base URL, first match wins (after --base-url). */
export function baseUrlEnvVars(preset: ProviderPreset): string[] {
  return [...(preset.baseUrlEnv ?? []), `RUNWAY_BASE_URL_${preset.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
}

export interface BaseUrlChoice {
  url: string;
  /** Where it came from, for messages: "--base-url", "env RUNWAYML_BASE_URL". */
  source: string;
}

/** The base URL the user chose for this run (flag, then environment), if any; else the preset's applies. */
export function chosenBaseUrl(preset: ProviderPreset, flag: string | undefined, env: NodeJS.ProcessEnv): BaseUrlChoice | undefined {
  if (flag !== undefined) return { url: flag, source: '--base-url' };
  const name = baseUrlEnvVars(preset).find((variable) => env[variable]);
  return name ? { url: env[name] as string, source: `env ${name}` } : undefined;
}

/** Refuses plain-http base URLs except loopback, so a key is never sent in clear text by accident. */
export function checkBaseUrl(baseUrl: string, allowInsecure: boolean, source?: string): string {
  const from = source ? ` (from ${source})` : '';
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`The base URL "${baseUrl}"${from} is not a valid URL.`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecure) {
    throw new UsageError(`Refusing the plain http:// base URL ${url.origin}${from}: the API key would travel unencrypted.`, {
      hint: 'Use https://, or pass --allow-insecure if you really mean it.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`The base URL${from} must be http(s), not ${url.protocol}`);
  return baseUrl.replace(/\/+$/, '');
}

export function resolveProvider(preset: ProviderPreset, choice: BaseUrlChoice | undefined, allowInsecure: boolean): ResolvedProvider {
  const baseUrl = preset.inProcess && !choice ? preset.baseUrl : checkBaseUrl(choice?.url ?? preset.baseUrl, allowInsecure, choice?.source);
  return { preset, adapter: protocolAdapter(preset.protocol), catalog: catalogOf(preset), baseUrl };
}

/** The providers that can do something (a feature of theirs), by name, for hints; the in-process simulator is not one to send a user to. */
export function providersThat(all: readonly ProviderPreset[], can: (features: ProviderPreset['features']) => boolean): string[] {
  return all.filter((p) => !p.inProcess && can(p.features)).map((p) => p.name);
}

/** Providers whose catalog has a model answering to `name` (id or shortcut). */
export function providersOffering(name: string, all: ProviderPreset[], need?: (m: ModelSpec, p: ProviderPreset) => boolean): string[] {
  return all
    .filter((p) => !p.inProcess)
    .filter((p) => catalogOf(p).some((m) => (m.id === name || m.shortcuts.includes(name)) && (!need || need(m, p))))
    .map((p) => p.name);
}
