/** What a state export wrote (or the file itself, to stdout) and what an import merged. */
import { printJson, printPieces } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { ExportOutcome } from '../../core/journal/state-command.js';
import type { ImportOutcome } from '../../core/journal/portable.js';

export async function renderExport(outcome: ExportOutcome, options: { json: boolean; quiet: boolean }): Promise<number> {
  if (outcome.kind === 'stdout') {
    // The file itself is what stdout carries (`… -o - | aws s3 cp - s3://…`): the count goes to stderr.
    await printPieces(outcome.pieces);
    if (!options.quiet) say(`runway: exported ${outcome.counts.jobs} job(s), ${outcome.counts.records} record(s) to stdout`);
    return 0;
  }
  if (options.json) printJson({ file: outcome.file, jobs: outcome.jobs, records: outcome.records });
  else if (!options.quiet) say(`runway: exported ${outcome.jobs} job(s), ${outcome.records} record(s) to ${outcome.file}`);
  return 0;
}

export function renderImport(totals: ImportOutcome, options: { json: boolean; quiet: boolean }): number {
  if (options.json) printJson(totals);
  else if (!options.quiet) {
    const { added, advanced, unchanged } = totals;
    say(
      `runway: imported ${added} new job(s), took ${advanced} further, ${unchanged} already known as far; \`runway watch ` +
        `--pending\` or the batch re-run finishes them.`,
    );
  }
  return 0;
}
