/**
 * Keeping the append-only journal from growing forever: `runway prune` rewrites it without the
 * settled jobs (saved, failed, cancelled, not created) last touched before a cutoff. A job that
 * has, or may have, a task still to finish is always kept, record for record.
 *
 * Writers keep a descriptor open and append, so the file may be replaced only while no other
 * runway process writes. Each writer registers itself (writers/<pid>) *before* it checks for a
 * compaction lock; the compactor takes that lock *before* it looks for writers. Whichever comes
 * second sees the other: the writer waits for the compaction, or the compaction is refused.
 */
import { closeSync, fsyncSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { isAlive, readPid } from './pid.js';
import { foldJournal, isUnfinished, type JobRecord, type JournalEntry } from './fold.js';
import { makeDirs } from '../files/make-dirs.js';
import { jsonLines, writeAll } from './json-lines.js';
import { replaceWhole } from '../files/whole.js';

const lockName = 'journal.compact.lock';
const writersName = 'writers';

/** The pid of a live process compacting the journal in `stateDir`, if any. */
export function compactingPid(stateDir: string): number | undefined {
  const pid = readPid(join(stateDir, lockName));
  return pid !== undefined && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

const registered = new Set<string>();

/** Marks this process as a journal writer until it exits. */
export function registerWriter(stateDir: string): void {
  if (registered.has(stateDir)) return;
  registered.add(stateDir);
  const dir = join(stateDir, writersName);
  makeDirs(dir, 0o700);
  const path = join(dir, String(process.pid));
  const fd = openSync(path, 'w', 0o600);
  writeSync(fd, String(process.pid));
  closeSync(fd);
  process.once('exit', () => {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  });
}

/** Live writers other than this process; files of dead ones are removed on the way. */
function liveWriters(stateDir: string): number[] {
  const dir = join(stateDir, writersName);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    if (isAlive(pid)) pids.push(pid);
    else {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // another prune removed it
      }
    }
  }
  return pids;
}

export interface PruneResult {
  keptJobs: number;
  droppedJobs: JobRecord[];
  bytesBefore: number;
  bytesAfter: number;
}

const settled = (job: JobRecord) => !isUnfinished(job) && job.phase !== 'unknown';

/**
 * Drops settled jobs last updated before `cutoff` from the journal at `path`. `entries` reads
 * it afresh each time it is called (once to decide, once to copy). The caller has closed this
 * process's own descriptors (Journal.prune).
 */
export function pruneJournal(path: string, entries: () => Iterable<JournalEntry>, cutoff: Date, dryRun: boolean): PruneResult {
  const stateDir = dirname(path);
  const lock = join(stateDir, lockName);
  takeLock(lock);
  try {
    const writers = liveWriters(stateDir);
    if (writers.length > 0) {
      throw new UsageError(
        `Another runway process (pid ${writers.join(', ')}) is writing to the task journal; it cannot be pruned meanwhile.`,
        {
          hint: 'Run `runway prune` again once it has finished.',
        },
      );
    }
    const jobs = foldJournal(entries());
    const dropped = jobs.filter((job) => settled(job) && new Date(job.updatedAt) < cutoff);
    const bytesBefore = sizeOf(path);
    if (dryRun || dropped.length === 0)
      return { keptJobs: jobs.length - dropped.length, droppedJobs: dropped, bytesBefore, bytesAfter: bytesBefore };
    const drop = new Set(dropped.map((job) => job.job));
    replaceWhole(path, (fd) => writeAll(fd, jsonLines(kept(entries(), drop))));
    syncDirectory(stateDir);
    return { keptJobs: jobs.length - dropped.length, droppedJobs: dropped, bytesBefore, bytesAfter: sizeOf(path) };
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
  }
}

function takeLock(lock: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(lock);
      if (holder !== undefined && isAlive(holder)) throw new UsageError(`The task journal is already being pruned (pid ${holder}).`);
      try {
        unlinkSync(lock);
      } catch {
        // the stale lock went away meanwhile
      }
    }
  }
  throw new UsageError('Could not lock the task journal for pruning.', { hint: 'Try again.' });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Makes the rename itself durable. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function* kept(entries: Iterable<JournalEntry>, drop: ReadonlySet<string>): Generator<JournalEntry> {
  for (const entry of entries) if (!drop.has(entry.job)) yield entry;
}
