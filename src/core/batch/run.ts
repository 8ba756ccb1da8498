/**
 * Running a batch: a pool of `concurrency` workers; each job is submitted, polled and
 * downloaded by the same code as `generate`, and one failing job never stops the others.
 * A re-run recognises its jobs in the journal by key: saved ones are skipped, failed ones are
 * re-reported (not re-submitted), unfinished ones continue, and "unknown" ones are never re-sent.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  AmbiguousCreateError,
  BudgetError,
  DownloadError,
  ExitCode,
  GenerationFailedError,
  InterruptedError,
  ModerationError,
  WaitTimeoutError,
  exitCodeOf,
  type ExitCodeValue,
} from '../errors.js';
import { finishJob, type SavedOutput } from '../tasks/finish.js';
import { acquireWaiting } from '../tasks/lock-wait.js';
import { runGeneration } from '../generation/generate.js';
import { newJobId } from '../tasks/create.js';
import type { GenerationPlan } from '../generation/plan.js';
import type { Session } from '../session/session.js';
import type { JobRecord } from '../journal/fold.js';
import type { BatchJobSpec } from './input.js';
import { runPool } from '../pool.js';
import { isAbsolute, relative, resolve } from 'node:path';
import { placeSaved } from '../download/place.js';
import { refFromRecord } from '../tasks/adopt.js';
import { budgetFailureCode, type CreditLedger } from '../cost/ledger.js';

export type BatchState =
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'moderated'
  | 'timeout'
  | 'download-failed'
  | 'unknown'
  | 'error'
  | 'interrupted'
  /** Stopped by --max-credits: not sent, or cancelled before it ran; a run with a higher budget makes it. */
  | 'budget';

/** How this run came to its result. */
export type BatchOrigin = 'submitted' | 'resumed' | 'done-before' | 'failed-before' | 'unknown-before' | 'placed' | 'downloaded-again';

export interface BatchJob {
  spec: BatchJobSpec;
  session: Session;
  plan: GenerationPlan;
  outDir: string;
  template?: string | undefined;
  /** The newest journal record with this job's key, if any. */
  previous?: JobRecord | undefined;
}

export interface BatchResult {
  spec: BatchJobSpec;
  provider: string;
  model: string;
  state: BatchState;
  origin: BatchOrigin;
  exitCode: ExitCodeValue;
  taskId?: string | undefined;
  seconds: number;
  files: SavedOutput[];
  error?: { message: string; failureCode?: string | undefined } | undefined;
  seed?: number | undefined;
  /** Credits the provider charged for this job's task in this run, when it says. */
  credits?: number | undefined;
  /** Saved earlier elsewhere, placed into this run's folder: how. */
  placed?: 'linked' | 'copied' | undefined;
}

/** Who follows a run of many jobs (the terminal's bars, a server's progress notifications). */
export interface RunWatcher {
  started(job: BatchJob, coreJob: string): void;
  done(result: BatchResult): void;
}

/** Makes the watcher once the number of jobs to run is known (after every line is checked). */
export type WatchRun = (jobs: number) => Promise<RunWatcher>;

export interface BatchHooks {
  /** The core job id a batch job runs under, so progress events can be told apart. */
  onStart?: (job: BatchJob, coreJob: string) => void;
  onDone?: (result: BatchResult) => void;
  /** A task was created for a line (journaled already): before it is waited on. */
  onCreated?: (job: string) => void;
  /** --max-credits, held across every job of the run. */
  ledger?: CreditLedger | undefined;
  signal?: AbortSignal | undefined;
  command: string[];
  retryFailed?: boolean;
}

export function stateOf(error: unknown): BatchState {
  if (error instanceof InterruptedError) return 'interrupted';
  if (error instanceof BudgetError) return 'budget';
  if (error instanceof ModerationError) return 'moderated';
  if (error instanceof GenerationFailedError) return error.taskState;
  if (error instanceof WaitTimeoutError) return 'timeout';
  if (error instanceof DownloadError) return 'download-failed';
  if (error instanceof AmbiguousCreateError) return 'unknown';
  return 'error';
}

/** Saved by an earlier run into another folder than this run's. */
function savedElsewhere(job: BatchJob, record: JobRecord): boolean {
  return record.phase === 'downloaded' && record.outputs.some((o) => o.saved && !isInside(o.saved.file, job.outDir));
}

/** Whether a saved file is in this run's folder (or a folder its template made inside it). */
function isInside(file: string, dir: string): boolean {
  const path = relative(resolve(dir), resolve(file));
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}

/**
 * The user asked for the videos in this run's folder: place the earlier files there (hard link,
 * else copy, checked by sha256), never paying or downloading again. Undefined when an earlier
 * file is gone: the job is then resumed into the new folder with fresh links.
 */
async function placeEarlier(job: BatchJob, record: JobRecord): Promise<BatchResult | undefined> {
  if (!record.outputs.every((o) => o.saved && existsSync(o.saved.file))) return undefined;
  const started = Date.now();
  const files: SavedOutput[] = [];
  let how: 'linked' | 'copied' = 'linked';
  for (const [index, output] of record.outputs.entries()) {
    const saved = output.saved as NonNullable<typeof output.saved>;
    const placed = isInside(saved.file, job.outDir)
      ? { file: saved.file, how: 'linked' as const }
      : await placeSaved(saved.file, saved.sha256, job.outDir);
    if (placed.how === 'copied') how = 'copied';
    const file = { file: placed.file, bytes: saved.bytes, sha256: saved.sha256 };
    await job.session.journal.appendDurable({ type: 'downloaded', job: record.job, at: new Date().toISOString(), index, ...file });
    files.push({ url: output.url, ...file });
  }
  return {
    spec: job.spec,
    provider: record.intent.provider,
    model: record.intent.model,
    taskId: record.taskId,
    seed: record.intent.seed,
    state: 'succeeded',
    origin: 'placed',
    placed: how,
    exitCode: ExitCode.ok,
    seconds: (Date.now() - started) / 1000,
    files,
  };
}

function fromJournal(job: BatchJob, record: JobRecord): BatchResult | undefined {
  const base = {
    spec: job.spec,
    provider: record.intent.provider,
    model: record.intent.model,
    taskId: record.taskId,
    seconds: 0,
    seed: record.intent.seed,
  };
  if (savedElsewhere(job, record)) return undefined;
  // Cancelled for a budget before it ran: nothing was made or paid, so a later run makes it.
  if (record.failure?.code === budgetFailureCode) return undefined;
  if (record.phase === 'downloaded' && record.outputs.every((o) => o.saved && existsSync(o.saved.file))) {
    const files = record.outputs.map((o) => ({ url: o.url, ...(o.saved as NonNullable<typeof o.saved>) }));
    return { ...base, state: 'succeeded', origin: 'done-before', exitCode: ExitCode.ok, files };
  }
  if (record.phase === 'unknown') {
    return {
      ...base,
      state: 'unknown',
      origin: 'unknown-before',
      exitCode: ExitCode.api,
      files: [],
      error: {
        message:
          `An earlier attempt may have created a task (${record.createError ?? 'interrupted during create'}); it ` +
          `is not re-sent. Check the provider's dashboard, then give the line a new id to submit it again.`,
      },
    };
  }
  if ((record.phase === 'failed' || record.phase === 'cancelled') && record.failure) {
    const moderated = record.failure.moderation;
    return {
      ...base,
      state: record.phase === 'cancelled' ? 'cancelled' : moderated ? 'moderated' : 'failed',
      origin: 'failed-before',
      exitCode: moderated ? ExitCode.moderation : ExitCode.generationFailed,
      files: [],
      error: {
        message:
          `Task ${record.taskId ?? '?'} ${record.phase === 'cancelled' ? 'was cancelled' : 'failed'} in an earlier ` +
          `run: ${record.failure.message}${record.failure.code ? ` [${record.failure.code}]` : ''}`,
        failureCode: record.failure.code,
      },
    };
  }
  return undefined;
}

/** What the journal says about a job before this run touches it: already settled, to resume, or to submit. */
export function verdict(
  job: BatchJob,
  hooks: Pick<BatchHooks, 'retryFailed'>,
): { settled: BatchResult } | { resume: JobRecord } | 'submit' {
  const previous = job.previous;
  const settled =
    previous && !(hooks.retryFailed && (previous.phase === 'failed' || previous.phase === 'cancelled'))
      ? fromJournal(job, previous)
      : undefined;
  if (settled) return { settled };
  if (previous?.taskId !== undefined && previous.phase !== 'failed' && previous.phase !== 'cancelled') return { resume: previous };
  return 'submit';
}

/** A job to resume: into this run's folder when it differs from the one planned earlier. */
function resumeRef(job: BatchJob, previous: JobRecord) {
  const moved = previous.intent.outDir !== job.outDir;
  return refFromRecord(previous, moved ? { out: job.outDir } : {});
}

/**
 * A line is submitted (or given up as "unknown") only under its key's lock, and only if the
 * journal still says so once the lock is ours: two runs of the same batch at once (a CI retry over a running job, a second
 * shell) then share the work instead of paying for each line twice.
 */
export async function runOne(job: BatchJob, hooks: BatchHooks): Promise<BatchResult> {
  // An intent without a task id may be another process's create in flight, not a lost one: ask the lock.
  if (verdict(job, hooks) !== 'submit' && job.previous?.phase !== 'unknown') return attempt(job, hooks);
  const lock = `batch-${createHash('sha256').update(job.spec.key).digest('hex').slice(0, 32)}`;
  const label = job.spec.id ?? `line ${job.spec.line}`;
  try {
    await acquireWaiting(job.session, lock, {
      notice: (pid) => `${label} is being run by another runway process (pid ${pid}); waiting for it.`,
      gaveUp: () =>
        new WaitTimeoutError(`Gave up waiting for another runway process to run ${label}.`, {
          hint: 'Run the batch again once it has finished.',
        }),
    });
  } catch (error) {
    return failed(job, error, undefined, false, Date.now());
  }
  try {
    // What the journal says now, not when this batch started: another process may have moved the line on.
    return await attempt({ ...job, previous: job.session.journal.latestForKey(job.spec.key) }, hooks);
  } finally {
    job.session.locks.release(lock);
  }
}

function failed(job: BatchJob, error: unknown, taskId: string | undefined, resume: boolean, started: number): BatchResult {
  return {
    spec: job.spec,
    provider: job.session.name,
    model: job.plan.model.id,
    seed: job.plan.seed,
    taskId: (error as { taskId?: string }).taskId ?? taskId,
    state: stateOf(error),
    origin: resume ? 'resumed' : 'submitted',
    exitCode: exitCodeOf(error),
    seconds: (Date.now() - started) / 1000,
    files: [],
    error: { message: (error as Error).message, failureCode: error instanceof GenerationFailedError ? error.failureCode : undefined },
  };
}

async function attempt(job: BatchJob, hooks: BatchHooks): Promise<BatchResult> {
  const started = Date.now();
  const decided = verdict(job, hooks);
  if (typeof decided === 'object' && 'settled' in decided) return decided.settled;
  const previous = decided === 'submit' ? undefined : decided.resume;
  let taskId = previous?.taskId;
  try {
    if (previous && savedElsewhere(job, previous)) {
      const placed = await placeEarlier(job, previous);
      if (placed) return placed;
    }
    let result;
    if (previous) {
      hooks.onStart?.(job, previous.job);
      result = await finishJob(job.session, resumeRef(job, previous));
    } else {
      const coreJob = newJobId();
      hooks.onStart?.(job, coreJob);
      const outcome = await runGeneration(job.session, job.plan, {
        wait: true,
        outDir: job.outDir,
        template: job.template,
        command: hooks.command,
        batchKey: job.spec.key,
        batchIndex: job.spec.index,
        job: coreJob,
        onCreated: (created) => hooks.onCreated?.(created.job),
        ledger: hooks.ledger,
      });
      taskId = outcome.created.taskId;
      result = outcome.result;
    }
    return {
      spec: job.spec,
      provider: job.session.name,
      model: job.plan.model.id,
      seed: job.plan.seed,
      taskId: result?.taskId ?? taskId,
      state: 'succeeded',
      origin: previous ? (previous.phase === 'downloaded' ? 'downloaded-again' : 'resumed') : 'submitted',
      exitCode: ExitCode.ok,
      seconds: (Date.now() - started) / 1000,
      files: result?.outputs ?? [],
      credits: result?.credits,
    };
  } catch (error) {
    return failed(job, error, taskId, previous !== undefined, started);
  }
}

/** A line that was not run: interrupted before its turn, stopped by the budget, or (`exitCode` usage) found changed when its turn came. */
export function notRun(
  spec: BatchJobSpec,
  provider: string,
  model: string,
  message: string,
  exitCode: ExitCodeValue = ExitCode.interrupted,
): BatchResult {
  const states: Partial<Record<ExitCodeValue, BatchState>> = { [ExitCode.interrupted]: 'interrupted', [ExitCode.budget]: 'budget' };
  return {
    spec,
    provider,
    model,
    state: states[exitCode] ?? 'error',
    origin: 'submitted',
    exitCode,
    seconds: 0,
    files: [],
    error: { message },
  };
}

export const interruptedBeforeTurn = 'Not submitted: interrupted before its turn. Running the batch again submits it.';

/** Whether the run stops sending jobs: Ctrl-C, or the budget is spent. */
export const stopped = (hooks: Pick<BatchHooks, 'signal' | 'ledger'>): boolean =>
  hooks.signal?.aborted === true || hooks.ledger?.exhausted === true;

/** A job not sent because the run stopped: why, in its result. */
export function notSent(spec: BatchJobSpec, provider: string, model: string, hooks: Pick<BatchHooks, 'signal' | 'ledger'>): BatchResult {
  if (hooks.signal?.aborted || !hooks.ledger) return notRun(spec, provider, model, interruptedBeforeTurn);
  const why = `Not submitted: --max-credits ${hooks.ledger.limit} was reached. Running the batch again with a higher budget submits it; nothing is paid twice.`;
  return notRun(spec, provider, model, why, ExitCode.budget);
}

export async function runBatch(jobs: readonly BatchJob[], concurrency: number, hooks: BatchHooks): Promise<BatchResult[]> {
  return runPool(jobs, (job) => runOne(job, hooks), {
    concurrency,
    stop: () => stopped(hooks),
    skipped: (job) => notSent(job.spec, job.session.name, job.plan.model.id, hooks),
    onDone: (result) => hooks.onDone?.(result),
  });
}
