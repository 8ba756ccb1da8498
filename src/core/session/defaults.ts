/**
 * The defaults a command falls back on, computed here and nowhere else: which provider, where
 * files go and under which name. A flag wins over the setting, the setting over the built-in.
 */
import { resolve } from 'node:path';
import { expandHome } from '../paths.js';
import { checkTemplate } from '../download/naming.js';
import type { ConfigStore } from './config.js';

/** Where files go and under which name, as asked (--out, -o); undefined means "the default". */
export interface Placement {
  out?: string | undefined;
  template?: string | undefined;
}

/** A placement with its defaults filled in: an absolute folder (so a re-run anywhere finds what it saved), a checked template. */
export interface OutputPlace {
  outDir: string;
  template?: string | undefined;
}

export const builtInProvider = 'runwayml';

export function defaultProvider(config: Pick<ConfigStore, 'setting'>, asked?: string): string {
  return asked ?? (config.setting('default-provider') as string | undefined) ?? builtInProvider;
}

export function outputPlace(config: Pick<ConfigStore, 'setting'>, asked: Placement = {}): OutputPlace {
  const outDir = resolve(expandHome(asked.out ?? (config.setting('out-dir') as string | undefined) ?? process.cwd()));
  const template = asked.template ?? (config.setting('output') as string | undefined);
  if (template !== undefined) checkTemplate(template);
  return { outDir, ...(template !== undefined ? { template } : {}) };
}
