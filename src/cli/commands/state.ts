/**
 * `runway state export [--batch <file>] [-o state.jsonl]` and `runway state import <file>…`:
 * the journal carried between machines, so a CI runner that replaces a lost one watches the
 * tasks that one created instead of paying for them again.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { fsReason } from '../../core/fs-reason.js';
import { detectFormat, parseBatch } from '../../core/batch/input.js';
import { exportRecords, importRecords, readStateFile, writeStateFile } from '../../core/journal/portable.js';
import { openJournal } from '../jobs.js';
import { printJson } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { HandlerContext } from '../program.js';

/** The job keys of a batch file, as `runway batch` computes them. */
export async function batchKeys(file: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`The batch file ${file} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
  }
  return new Set(parseBatch(text, detectFormat(text, file), dirname(resolve(file))).jobs.map((j) => j.key));
}

export async function run({ args, options, preset }: HandlerContext): Promise<number> {
  const journal = openJournal();
  if (preset.action === 'export') {
    const keys = typeof options.batch === 'string' ? await batchKeys(options.batch) : undefined;
    const records = exportRecords(journal, keys);
    const out = (options.output as string | undefined) ?? 'runway-state.jsonl';
    const jobs = writeStateFile(out, records);
    if (options.json) printJson({ file: out, jobs, records: records.length });
    else if (!options.quiet) say(`runway: exported ${jobs} job(s), ${records.length} record(s) to ${out}`);
    return 0;
  }
  const totals = { added: 0, advanced: 0, unchanged: 0 };
  for (const file of args) {
    const outcome = await importRecords(journal, readStateFile(file));
    totals.added += outcome.added;
    totals.advanced += outcome.advanced;
    totals.unchanged += outcome.unchanged;
  }
  if (options.json) printJson(totals);
  else if (!options.quiet) say(`runway: imported ${totals.added} new job(s), took ${totals.advanced} further, ${totals.unchanged} already known as far; \`runway watch --pending\` or the batch re-run finishes them.`);
  return 0;
}
