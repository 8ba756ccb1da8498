/**
 * Finishing tasks that already exist (`runway watch`): each waited on and saved by the same code
 * as a generation, several at once through the shared pool, resuming from the journal (same
 * file names, same .part files). Never creates anything.
 */
import { AuthError, InterruptedError } from '../errors.js';
import { runPool } from '../pool.js';
import { finishJob, type JobRef, type TaskResult } from './finish.js';
import { adoptTask, refFromRecord, type Placement } from './adopt.js';
import { isUnfinished, type JobRecord } from '../journal/fold.js';
import type { Journal } from '../journal/journal.js';
import type { Session } from '../session/session.js';

export interface WatchTarget {
  taskId: string;
  record?: JobRecord | undefined;
}

export type WatchOutcome =
  | { target: WatchTarget; result: TaskResult }
  /** `fatal`: this failure ends the run (it is thrown once the pool has stopped). */
  | { target: WatchTarget; error: unknown; ref?: JobRef | undefined; fatal: boolean }
  | { target: WatchTarget; busyWith: number };

export interface WatchOptions {
  concurrency: number;
  /** Watching the journal's unfinished jobs: one another process is finishing is left to it. */
  pending: boolean;
  placement: Placement;
  out: { outDir: string; template?: string | undefined };
  command: string[];
  onOutcome?: (outcome: WatchOutcome) => void;
}

/** What `watch --pending` finishes, and the jobs it cannot (no task id: they may or may not exist). */
export function pendingTargets(journal: Journal): { targets: WatchTarget[]; unknown: JobRecord[] } {
  const jobs = journal.jobs();
  return {
    targets: jobs.filter(isUnfinished).map((record) => ({ taskId: record.taskId as string, record })),
    unknown: jobs.filter((j) => j.phase === 'unknown'),
  };
}

export function namedTargets(journal: Journal, taskIds: readonly string[]): WatchTarget[] {
  return [...new Set(taskIds)].map((taskId) => ({ taskId, record: journal.findByTask(taskId) }));
}

/**
 * Ctrl-C stops everything, and a missing or rejected key would fail every other task the same
 * way: those end the run (thrown), as does any failure of a single task. Other failures are
 * outcomes, reported one by one.
 */
export async function finishTasks(session: Session, targets: readonly WatchTarget[], options: WatchOptions): Promise<WatchOutcome[]> {
  let fatal: unknown;
  const finishOne = async (target: WatchTarget): Promise<WatchOutcome> => {
    const owner = options.pending && target.record ? session.locks.holder(target.record.job) : undefined;
    if (owner !== undefined) return { target, busyWith: owner };
    let ref: JobRef | undefined;
    try {
      ref = target.record
        ? refFromRecord(target.record, options.placement)
        : await adoptTask(session, target.taskId, options.out, options.command);
      return { target, result: await finishJob(session, ref) };
    } catch (error) {
      const ends = error instanceof InterruptedError || error instanceof AuthError || targets.length === 1;
      if (ends) fatal ??= error;
      return { target, error, ref, fatal: ends };
    }
  };
  const outcomes = await runPool(targets, finishOne, {
    concurrency: options.concurrency,
    stop: () => fatal !== undefined,
    onDone: (outcome) => options.onOutcome?.(outcome),
  });
  if (fatal !== undefined) throw fatal;
  return outcomes;
}
