/**
 * The run pass over a checked batch file (check.ts): the file is read again and each line is
 * planned only when a worker is free for it, run, and handed to `onDone`. Memory holds the
 * running jobs, not the file's: nothing is kept of a finished job here.
 */
import { ExitCode, UsageError } from '../errors.js';
import { drainPool } from '../pool.js';
import { BatchReader, isProblem, type BatchJobSpec } from './input.js';
import { JobPreparer, problemOf, type BatchSettings } from './prepare.js';
import { readJobs } from './source.js';
import { notRun, notSent, runOne, stopped, verdict, type BatchHooks, type BatchJob, type BatchResult } from './run.js';
import type { CheckedBatch } from './check.js';
import { dryRun, type DryRun } from '../cost/dry-run.js';
import type { SessionPool } from '../session/pool.js';
import type { ConfigStore } from '../session/config.js';

/** A line as the check pass saw it, or why it is not run (the file changed since). */
type Turn = BatchJob | BatchResult;

const changed = (spec: BatchJobSpec, why: string): BatchResult =>
  notRun(
    spec,
    spec.provider ?? '',
    spec.model,
    `Line ${spec.line} ${why} since the batch was checked; nothing was sent for it. Run the batch again.`,
    ExitCode.usage,
  );

/** The lines of this run, each planned when its turn comes. */
async function* turnsOf(checked: CheckedBatch, preparer: JobPreparer): AsyncGenerator<Turn> {
  const reader = new BatchReader(checked.file.format, checked.file.baseDir, {}, false);
  const skipped = new Set(checked.skipped.map((p) => p.line));
  for await (const item of readJobs(checked.file.source, reader)) {
    if (skipped.has(item.line)) continue;
    if (isProblem(item)) {
      yield changed({ line: item.line, index: 0, key: '', model: '', options: {} }, `became invalid (${item.message})`);
      continue;
    }
    if (!preparer.selects(item)) continue;
    if (checked.keys.get(item.key) !== item.line) {
      yield changed(item, 'changed');
      continue;
    }
    try {
      yield await preparer.prepare(item, false);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      yield changed(item, `became invalid (${problemOf(item, error).message})`);
    }
  }
}

const isResult = (turn: Turn): turn is BatchResult => 'state' in turn;

export async function runBatchFile(
  checked: CheckedBatch,
  settings: BatchSettings,
  sessions: SessionPool,
  config: ConfigStore,
  concurrency: number,
  hooks: BatchHooks,
): Promise<void> {
  await drainPool(
    turnsOf(checked, new JobPreparer(settings, sessions, config)),
    async (turn) => (isResult(turn) ? turn : runOne(turn, hooks)),
    {
      concurrency,
      stop: () => stopped(hooks),
      skipped: (turn) => (isResult(turn) ? turn : notSent(turn.spec, turn.session.name, turn.plan.model.id, hooks)),
      onDone: (result) => hooks.onDone?.(result),
    },
  );
}

/** The requests a dry run shows: the lines this run would pay for, planned one at a time. */
export async function* previewsOfFile(
  checked: CheckedBatch,
  settings: BatchSettings,
  sessions: SessionPool,
  config: ConfigStore,
): AsyncGenerator<DryRun> {
  for await (const turn of turnsOf(checked, new JobPreparer(settings, sessions, config))) {
    if (!isResult(turn) && verdict(turn, { retryFailed: settings.retryFailed }) === 'submit') yield dryRun(turn.session, turn.plan);
  }
}
