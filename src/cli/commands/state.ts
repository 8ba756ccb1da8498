/**
 * `runway state export [--batch <file>] [-o state.jsonl]` and `runway state import <file>…`:
 * the journal carried between machines, so a CI runner that replaces a lost one watches the
 * tasks that one created instead of paying for them again.
 */
import { dirname, resolve } from 'node:path';
import { BatchReader, detectFormat, isProblem } from '../../core/batch/input.js';
import { UsageError } from '../../core/errors.js';
import { ConfigStore } from '../../core/session/config.js';
import { expandHome, stateDirs } from '../../core/paths.js';
import { importPolicy } from '../../core/session/import-policy.js';
import { readHead, readJobs } from '../../core/batch/source.js';
import { importStateFile, importStateStream, stateText, writeStateFile } from '../../core/journal/portable.js';
import { openJournal } from '../session/jobs.js';
import { printJson, printPieces } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { HandlerContext } from '../handler.js';

/** The job keys of a batch file, as `runway batch` computes them (read a slice at a time). */
async function batchKeys(file: string): Promise<{ has(key: string): boolean }> {
  const reader = new BatchReader(detectFormat(await readHead(file), file), dirname(resolve(file)));
  let jobs = 0;
  for await (const item of readJobs({ path: file }, reader)) {
    // A file that is not a batch would select nothing and "export 0 jobs" as if all were well.
    if (isProblem(item))
      throw new UsageError(`--batch ${file}:${item.line}: ${item.message}; it is not a batch file runway can read. Nothing was exported.`);
    jobs++;
  }
  if (jobs === 0) throw new UsageError(`--batch ${file} has no jobs; nothing was exported.`);
  return reader.keys;
}

export async function run({ args, options, preset }: HandlerContext): Promise<number> {
  const journal = openJournal();
  if (preset.action === 'export') {
    const keys = typeof options.batch === 'string' ? await batchKeys(options.batch) : undefined;
    const out = (options.output as string | undefined) ?? 'runway-state.jsonl';
    if (out === '-') {
      // The file itself is what stdout carries (`… -o - | aws s3 cp - s3://…`): the count goes to stderr.
      const counts = { jobs: 0, records: 0 };
      await printPieces(stateText(journal, keys, counts));
      if (!options.quiet) say(`runway: exported ${counts.jobs} job(s), ${counts.records} record(s) to stdout`);
      return 0;
    }
    const { jobs, records } = writeStateFile(out, journal, keys);
    if (options.json) printJson({ file: out, jobs, records });
    else if (!options.quiet) say(`runway: exported ${jobs} job(s), ${records} record(s) to ${out}`);
    return 0;
  }
  const config = new ConfigStore(stateDirs().config);
  const outDir = resolve(
    expandHome((options.out as string | undefined) ?? (config.setting('out-dir') as string | undefined) ?? process.cwd()),
  );
  const policy = importPolicy({
    user: config.userProviders(),
    env: process.env,
    trusted: (options.baseUrl as string[] | undefined) ?? [],
    outDir,
  });
  const totals = { added: 0, advanced: 0, unchanged: 0 };
  for (const file of args) {
    const outcome =
      file === '-' ? await importStateStream(journal, process.stdin, policy, 'stdin') : await importStateFile(journal, file, policy);
    totals.added += outcome.added;
    totals.advanced += outcome.advanced;
    totals.unchanged += outcome.unchanged;
  }
  if (options.json) printJson(totals);
  else if (!options.quiet)
    say(
      `runway: imported ${totals.added} new job(s), took ${totals.advanced} further, ${totals.unchanged} already known as far; \`runway watch --pending\` or the batch re-run finishes them.`,
    );
  return 0;
}
