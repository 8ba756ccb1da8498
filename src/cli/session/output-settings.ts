/** Where a command saves: --out / --output, else the configured defaults, else the working directory. */
import { resolve } from 'node:path';
import { checkTemplate } from '../../core/download/naming.js';
import { expandHome } from '../../core/paths.js';
import type { Session } from '../../core/session/session.js';
import type { WaitFlags } from '../options/flags.js';

export function outputSettings(session: Session, options: WaitFlags): { outDir: string; template?: string } {
  // Absolute, so that what a run saved is recognised by the next run of the same command wherever it is typed.
  const outDir = resolve(expandHome(options.out ?? (session.config.setting('out-dir') as string | undefined) ?? process.cwd()));
  const template = options.output ?? (session.config.setting('output') as string | undefined);
  if (template !== undefined) checkTemplate(template);
  return { outDir, ...(template !== undefined ? { template } : {}) };
}
