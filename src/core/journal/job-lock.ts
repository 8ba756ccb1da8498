/**
 * One process at a time works on a job: `watch --pending` must not download into the same
 * .part as the `generate` that is still running. A lock is a file holding the owner's pid,
 * created complete (written aside, then hard-linked into place, which fails if it exists), so
 * nobody ever reads a half-written lock. A lock whose pid is dead (kill -9) is stale: it is
 * renamed aside (atomic: of two processes taking it over, one gets it) and checked to be the
 * stale one before a new lock is made.
 */
import { closeSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../files/make-dirs.js';
import { isAlive, readPid } from './pid.js';

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

export class JobLocks {
  private readonly dir: string;
  private readonly held = new Set<string>();
  private readonly onExit = () => this.releaseAll();

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'locks');
  }

  private path(job: string): string {
    return join(this.dir, `${job}.lock`);
  }

  /** The pid holding the job, if it is another live process. */
  holder(job: string): number | undefined {
    const pid = readPid(this.path(job));
    return pid !== undefined && pid !== process.pid && isAlive(pid) ? pid : undefined;
  }

  /** Creates the lock with our pid already in it; false when a lock exists. */
  private create(job: string): boolean {
    const aside = `${this.path(job)}.${process.pid}.new`;
    const fd = openSync(aside, 'w', 0o600);
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(aside, this.path(job));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return false;
    } finally {
      removeQuietly(aside);
    }
  }

  /** Moves a stale lock (dead `stalePid`) out of the way; puts back a live one moved by mistake. */
  private clearStale(job: string, stalePid: number | undefined): void {
    const lock = this.path(job);
    const aside = `${lock}.${process.pid}.stale`;
    try {
      renameSync(lock, aside);
    } catch {
      return; // someone else moved or released it first
    }
    const moved = readPid(aside);
    // Between our check and the rename, another process may have replaced the stale lock with
    // its own live one: give that back rather than run beside it.
    if (moved !== stalePid && moved !== undefined && isAlive(moved)) {
      try {
        linkSync(aside, lock);
      } catch {
        // a third process made a new lock meanwhile; the one we moved lost its claim
      }
    }
    removeQuietly(aside);
  }

  /** True when this process now holds the job (or already did). */
  acquire(job: string): boolean {
    if (this.held.has(job)) return true;
    makeDirs(this.dir, 0o700);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.create(job)) {
        if (this.held.size === 0) process.once('exit', this.onExit);
        this.held.add(job);
        return true;
      }
      const owner = readPid(this.path(job));
      // Our own pid in a lock we do not hold is a leftover whose pid was reused: stale too.
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) return false;
      this.clearStale(job, owner);
    }
    return false;
  }

  release(job: string): void {
    if (!this.held.delete(job)) return;
    // Only our own lock: never remove one another process holds now.
    if (readPid(this.path(job)) === process.pid) removeQuietly(this.path(job));
    if (this.held.size === 0) process.off('exit', this.onExit);
  }

  releaseAll(): void {
    for (const job of [...this.held]) this.release(job);
  }
}
