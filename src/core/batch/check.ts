/**
 * The first pass over a batch file, before anything is paid: every line is read, checked
 * (fields, the model table, templates, output folders) and costed, and only what the run needs
 * later is kept: each line's key, the problems, the cost per session, and counts. The run pass
 * (run-file.ts) reads the file again and plans each line when a worker is free for it.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { CostTotal, costOf } from '../cost/dry-run.js';
import { BatchReader, isProblem, type BatchFormat, type BatchProblem } from './input.js';
import { invalidBatch, JobPreparer, problemOf, type BatchSettings } from './prepare.js';
import { readJobs, type BatchSource } from './source.js';
import type { KeyLines } from './key-lines.js';
import { verdict } from './run.js';
import { checkTaskInputs } from '../inputs/input-kind.js';
import type { SessionPool } from '../session/pool.js';
import type { ConfigStore } from '../session/config.js';
import type { Session } from '../session/session.js';

export interface BatchFile {
  source: BatchSource;
  format: BatchFormat;
  /** Where relative paths in the file are resolved from. */
  baseDir: string;
  /** How messages name the file ("stdin" for -). */
  name: string;
}

export interface CheckedBatch {
  file: BatchFile;
  /** Every job of the file (all shards) by key, with its line. */
  keys: Pick<KeyLines, 'get' | 'has' | 'size'>;
  /** The identity of the whole file (every line's key in order), the same for each of its shards. */
  batch: string;
  /** Valid lines of this run's shard: the pool's total. */
  selected: number;
  /** Of those, the lines this run will pay for. */
  toSubmit: number;
  /** Lines left out (with --skip-invalid), in line order. */
  skipped: BatchProblem[];
  /** The estimated cost of the lines to submit, by session (a balance is per account), and over all. */
  costs: Map<Session, CostTotal>;
  total: CostTotal;
}

/** Reads and checks the whole file; throws when a line is invalid unless the settings skip them. */
export async function checkBatch(
  file: BatchFile,
  settings: BatchSettings,
  sessions: SessionPool,
  config: ConfigStore,
): Promise<CheckedBatch> {
  const reader = new BatchReader(file.format, file.baseDir);
  const preparer = new JobPreparer(settings, sessions, config);
  const problems: BatchProblem[] = [];
  const identity = createHash('sha256').update('[["keys",[');
  const checked: CheckedBatch = {
    file,
    keys: reader.keys,
    batch: '',
    selected: 0,
    toSubmit: 0,
    skipped: problems,
    costs: new Map(),
    total: new CostTotal(),
  };
  let jobs = 0;
  for await (const item of readJobs(file.source, reader)) {
    if (isProblem(item)) {
      problems.push(item);
      continue;
    }
    identity.update(`${jobs++ === 0 ? '' : ','}${JSON.stringify(item.key)}`);
    if (!preparer.selects(item)) continue;
    try {
      const job = await preparer.prepare(item, true);
      checked.selected++;
      if (verdict(job, { retryFailed: settings.retryFailed }) !== 'submit') continue;
      await checkTaskInputs(job.session, job.plan, settings.dryRun !== true);
      checked.toSubmit++;
      const cost = costOf(job.session, job.plan);
      checked.total.add(cost);
      const own = checked.costs.get(job.session) ?? new CostTotal();
      own.add(cost);
      checked.costs.set(job.session, own);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(problemOf(item, error));
    }
  }
  // An empty batch in CI is usually a generating step that failed: say so rather than pass.
  if (jobs === 0 && problems.length === 0) {
    throw new UsageError(
      `The batch ${file.name} has no jobs: ${file.format === 'csv' ? 'no rows under the header' : 'every line is blank or a comment'}.`,
    );
  }
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0 && !settings.skipInvalid) throw invalidBatch(problems, file.name);
  checked.batch = `h:${identity.update(']]]').digest('hex').slice(0, 16)}`;
  return checked;
}
