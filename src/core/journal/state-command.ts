/**
 * `runway state export` and `runway state import`: the journal carried between machines, so a
 * CI runner that replaces a lost one watches the tasks that one created instead of paying for
 * them again. As data: what was written, what was merged.
 */
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';
import { BatchReader, detectFormat, isProblem } from '../batch/input.js';
import { readHead, readJobs } from '../batch/source.js';
import { outputPlace } from '../session/defaults.js';
import { importPolicy } from '../session/import-policy.js';
import { importStateFile, importStateStream, stateText, writeStateFile, type ImportOutcome } from './portable.js';
import type { ConfigStore } from '../session/config.js';
import type { Journal } from './journal.js';

/** The job keys of a batch file, as `runway batch` computes them (read a slice at a time); `what` is the command asking. */
export async function batchKeys(file: string, what = 'export'): Promise<{ has(key: string): boolean }> {
  const reader = new BatchReader(detectFormat(await readHead(file), file), dirname(resolve(file)));
  let jobs = 0;
  for await (const item of readJobs({ path: file }, reader)) {
    // A file that is not a batch would select nothing and "export 0 jobs" as if all were well.
    if (isProblem(item))
      throw new UsageError(
        `--batch ${file}:${item.line}: ${item.message}; it is not a batch file runway can read. Nothing was ${what === 'export' ? 'exported' : 'written'}.`,
      );
    jobs++;
  }
  if (jobs === 0) throw new UsageError(`--batch ${file} has no jobs; nothing was ${what === 'export' ? 'exported' : 'written'}.`);
  return reader.keys;
}

export type ExportOutcome =
  | { kind: 'file'; file: string; jobs: number; records: number }
  /** `-o -`: the file's text to stream; `counts` are whole once it has been read through. */
  | { kind: 'stdout'; pieces: Iterable<string>; counts: { jobs: number; records: number } };

export async function exportState(journal: Journal, ask: { batch?: string | undefined; output: string }): Promise<ExportOutcome> {
  const keys = ask.batch !== undefined ? await batchKeys(ask.batch) : undefined;
  if (ask.output === '-') {
    const counts = { jobs: 0, records: 0 };
    return { kind: 'stdout', pieces: stateText(journal, keys, counts), counts };
  }
  return { kind: 'file', file: ask.output, ...writeStateFile(ask.output, journal, keys) };
}

export interface ImportAsk {
  files: string[];
  /** Where imported jobs save here (--out; default the out-dir setting, else the current folder). */
  out?: string | undefined;
  /** Base URLs the user vouches for, beyond each provider's own here. */
  trusted: string[];
  /** Read for the file named "-". */
  stdin: Readable;
}

export async function importStates(journal: Journal, config: ConfigStore, ask: ImportAsk): Promise<ImportOutcome> {
  const { outDir } = outputPlace(config, { out: ask.out });
  const policy = importPolicy({ user: config.userProviders(), env: process.env, trusted: ask.trusted, outDir });
  const totals: ImportOutcome = { added: 0, advanced: 0, unchanged: 0 };
  for (const file of ask.files) {
    const outcome =
      file === '-' ? await importStateStream(journal, ask.stdin, policy, 'stdin') : await importStateFile(journal, file, policy);
    totals.added += outcome.added;
    totals.advanced += outcome.advanced;
    totals.unchanged += outcome.unchanged;
  }
  return totals;
}
