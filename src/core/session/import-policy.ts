/**
 * Who an imported job may talk to. A task in the journal is queried where it was created, with
 * this machine's key for its provider: a state file naming another host would have
 * `runway watch --pending` send that key there. So a job is imported only when its base URL is
 * one this machine already uses for that provider (its preset or configured URL, the
 * provider's base-URL variable), a loopback address, or a URL the user vouches for.
 */
import { allProviders, baseUrlEnvVars } from './providers.js';
import type { ImportPolicy } from '../journal/portable.js';
import type { JobIntent } from '../journal/fold.js';
import type { UserProvider } from './config.js';

function origin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

const loopback = (url: string) => {
  const host = (() => {
    try {
      return new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return '';
    }
  })();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
};

export function importPolicy(options: {
  user: Record<string, UserProvider>;
  env: NodeJS.ProcessEnv;
  trusted: readonly string[];
  outDir: string;
}): ImportPolicy {
  const providers = allProviders(options.user);
  const vouched = new Set(options.trusted.map(origin).filter((o): o is string => o !== undefined));
  return {
    outDir: options.outDir,
    hint:
      'Import only state files your own runs wrote. If the tasks were really created there, pass that URL with ' +
      '--base-url (repeatable) to accept it.',
    refuse(intent: JobIntent): string | undefined {
      const preset = providers.find((p) => p.name === intent.provider);
      if (!preset) return `job for provider "${intent.provider}", which is not configured here.`;
      if (intent.protocol !== preset.protocol)
        return `job for ${preset.name} over the ${intent.protocol} protocol, but ${preset.name} speaks ${preset.protocol} here.`;
      if (intent.baseUrl === 'in-process')
        return preset.inProcess ? undefined : `job of the in-process simulator under the name ${preset.name}.`;
      const theirs = origin(intent.baseUrl);
      if (theirs === undefined) return `job whose base URL "${intent.baseUrl.slice(0, 80)}" is not a URL.`;
      const ours = [preset.baseUrl, ...baseUrlEnvVars(preset).map((name) => options.env[name] ?? '')].map(origin);
      if (ours.includes(theirs) || loopback(intent.baseUrl) || vouched.has(theirs)) return undefined;
      return (
        `job created at ${theirs}, which is not where ${preset.name} points here ` +
        `(${origin(preset.baseUrl) ?? preset.baseUrl}): your ${preset.name} key would be sent there.`
      );
    },
  };
}
