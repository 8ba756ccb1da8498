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
import { UsageError } from '../errors.js';
import { outputPlace, type Placement as OutPlacement } from '../session/defaults.js';
import type { Journal } from '../journal/journal.js';
import type { Session } from '../session/session.js';
import type { SessionPool } from '../session/pool.js';
import type { ConfigStore } from '../session/config.js';
import type { EventSink } from '../events.js';

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

export interface WatchAsk {
  taskIds: string[];
  pending: boolean;
  concurrency: number;
  /** --out / -o: where what is not saved yet goes from now on (planned names otherwise). */
  place: OutPlacement;
  /** --provider / --base-url as given: when either is, every task is asked there, not where the journal says it was created. */
  provider?: string | undefined;
  baseUrl?: string | undefined;
  command: string[];
}

/** Follows a group of tasks (one provider): told how many run at once, it gives what to do with each outcome. */
export type FollowTasks = (parallel: number) => Promise<(outcome: WatchOutcome, provider: string) => void>;

/**
 * `runway watch`: the named tasks, or every unfinished one in the journal, finished and saved,
 * one provider at a time (each task asked where it was created), each outcome handed on as it
 * settles.
 */
export async function watchCommand(
  scope: { sessions: SessionPool; config: ConfigStore; journal: Journal; events: EventSink },
  ask: WatchAsk,
  follow: FollowTasks,
): Promise<void> {
  let targets: WatchTarget[];
  if (ask.pending) {
    if (ask.taskIds.length > 0) throw new UsageError('Give task ids or --pending, not both.');
    const pending = pendingTargets(scope.journal);
    for (const job of pending.unknown) {
      const why = job.createError ?? 'interrupted during create';
      scope.events({
        type: 'notice',
        message:
          `${job.intent.model} job from ${job.createdAt} has no task id — it may or may not have been created ` +
          `(${why}). It is never re-sent automatically; check ${job.intent.provider}'s dashboard.`,
      });
    }
    targets = pending.targets;
    if (targets.length === 0) return scope.events({ type: 'notice', message: 'nothing pending.' });
  } else {
    if (ask.taskIds.length === 0) throw new UsageError('Give one or more task ids, or --pending.');
    targets = namedTargets(scope.journal, ask.taskIds);
  }
  const groups = new Map<string, { where: { provider?: string | undefined; baseUrl?: string | undefined }; targets: WatchTarget[] }>();
  for (const target of targets) {
    const chosen = ask.provider !== undefined || ask.baseUrl !== undefined;
    const intent = chosen ? undefined : target.record?.intent;
    const where = intent
      ? { provider: intent.provider, baseUrl: intent.baseUrl === 'in-process' ? undefined : intent.baseUrl }
      : { provider: ask.provider, baseUrl: ask.baseUrl };
    const key = `${where.provider ?? ''}|${where.baseUrl ?? ''}`;
    const group = groups.get(key) ?? { where, targets: [] };
    group.targets.push(target);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const session = await scope.sessions.get(group.where.provider, group.where.baseUrl);
    const parallel = Math.min(ask.concurrency, group.targets.length);
    const onOutcome = await follow(parallel);
    await finishTasks(session, group.targets, {
      concurrency: parallel,
      pending: ask.pending,
      placement: ask.place.out !== undefined || ask.place.template !== undefined ? { out: ask.place.out, output: ask.place.template } : {},
      out: outputPlace(session.config, ask.place),
      command: ask.command,
      onOutcome: (outcome) => onOutcome(outcome, session.name),
    });
  }
}
