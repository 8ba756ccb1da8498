/** `runway state export [--batch <file>] [-o state.jsonl]` and `runway state import <file>… [--out <dir>] [--base-url <url>]`. */
import { openJournal } from '../../core/journal/journal.js';
import { exportState, importStates } from '../../core/journal/state-command.js';
import { ConfigStore } from '../../core/session/config.js';
import { stateDirs } from '../../core/paths.js';
import { renderExport, renderImport } from '../views/state.js';
import type { HandlerContext } from '../handler.js';

interface StateFlags {
  batch?: string;
  output?: string;
  out?: string;
  baseUrl?: string[];
  json?: boolean;
  quiet?: boolean;
}

export async function run({ args, options, preset }: HandlerContext<StateFlags>): Promise<number> {
  const shown = { json: options.json === true, quiet: options.quiet === true };
  if (preset.action === 'export')
    return renderExport(await exportState(openJournal(), { batch: options.batch, output: options.output ?? 'runway-state.jsonl' }), shown);
  const ask = { files: args, out: options.out, trusted: options.baseUrl ?? [], stdin: process.stdin };
  return renderImport(await importStates(openJournal(), new ConfigStore(stateDirs().config), ask), shown);
}
