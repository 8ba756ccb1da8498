/** A merge's outcome: the merged report on stdout when it was not written to a file, and one line on what was merged. */
import { printPieces } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { MergeOutcome } from '../../core/report/merge-command.js';

export async function renderMerge(outcome: MergeOutcome, reports: number, quiet: boolean): Promise<number> {
  const { head, missing } = outcome.merged;
  if (outcome.stdout) await printPieces(outcome.stdout);
  if (!quiet) {
    const partial = missing.length > 0 ? ` (partial: no report for shard ${missing.join(', ')})` : '';
    say(`runway: merged ${reports} report(s): ${head.total} jobs, ${head.succeeded} succeeded, exit ${head.exitCode}${partial}.`);
  }
  return head.exitCode;
}
