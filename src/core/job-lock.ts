/**
 * One process at a time works on a job: `watch --pending` must not download into the same
 * .part as the `generate` that is still running. A lock is a file created exclusively
 * (O_EXCL) holding the owner's pid; a lock whose pid is dead (kill -9) is stale and taken over.
 */
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

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
    let pid: number;
    try {
      pid = Number(readFileSync(this.path(job), 'utf8').trim());
    } catch {
      return undefined;
    }
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
    try {
      process.kill(pid, 0);
      return pid;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
    }
  }

  /** True when this process now holds the job (or already did). */
  acquire(job: string): boolean {
    if (this.held.has(job)) return true;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.path(job), 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        if (this.held.size === 0) process.once('exit', this.onExit);
        this.held.add(job);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (this.holder(job) !== undefined) return false;
        try {
          unlinkSync(this.path(job));
        } catch {
          // another process removed the stale lock first; try again
        }
      }
    }
    return false;
  }

  release(job: string): void {
    if (!this.held.delete(job)) return;
    try {
      unlinkSync(this.path(job));
    } catch {
      // already gone
    }
    if (this.held.size === 0) process.off('exit', this.onExit);
  }

  releaseAll(): void {
    for (const job of [...this.held]) this.release(job);
  }
}
