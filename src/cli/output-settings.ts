/** Where a command saves: --out / --output, else the configured defaults, else the working directory. */
import { checkTemplate } from '../core/download/naming.js';
import { expandHome } from '../core/paths.js';
import type { Session } from '../core/session/session.js';
import type { WaitFlags } from './flags.js';

export function outputSettings(session: Session, options: WaitFlags): { outDir: string; template?: string } {
  const outDir = expandHome(options.out ?? (session.config.setting('out-dir') as string | undefined) ?? process.cwd());
  const template = options.output ?? (session.config.setting('output') as string | undefined);
  if (template !== undefined) checkTemplate(template);
  return { outDir, ...(template !== undefined ? { template } : {}) };
}
