/** `runway list` and `runway prune`: the journal's jobs as data. */
import { isUnfinished, type JobRecord } from './fold.js';
import type { Journal } from './journal.js';
import type { PruneResult } from './compact.js';

/** The jobs, newest first: all, or those a `watch --pending` would finish (and the unknown ones), at most `limit`. */
export function listJobs(journal: Journal, filter: { pending: boolean; limit?: number | undefined }): JobRecord[] {
  let jobs = journal.jobs();
  if (filter.pending) jobs = jobs.filter((j) => isUnfinished(j) || j.phase === 'unknown');
  return filter.limit ? jobs.slice(0, filter.limit) : jobs;
}

export interface PruneOutcome extends PruneResult {
  dryRun: boolean;
  olderThanDays: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/** Drops settled jobs last updated more than `days` ago (reports them only, with `dryRun`). */
export function pruneOlder(journal: Journal, days: number, dryRun: boolean): PruneOutcome {
  return { dryRun, olderThanDays: days, ...journal.prune(new Date(Date.now() - days * dayMs), dryRun) };
}
