/**
 * Where each job's records are in the journal file, not the records themselves: a batch of
 * 100,000 jobs keeps a few numbers per job in memory, and a job is read back (a few short
 * reads) when it is asked for. Lookups by job, batch key or task cost the same at any size.
 */
import type { JournalEntry } from './fold.js';

/** One job id, or several (a key or task met again: rare), kept without an array for the common case. */
type Ids = string | string[];

function noted(ids: Ids | undefined, job: string): Ids {
  if (ids === undefined) return job;
  if (typeof ids === 'string') return ids === job ? ids : [ids, job];
  if (!ids.includes(job)) ids.push(job);
  return ids;
}

export class JobIndex {
  /** Byte offset and length of each of a job's records, in order; the first is its intent. */
  private readonly lines = new Map<string, number[]>();
  private readonly byKey = new Map<string, Ids>();
  private readonly byTask = new Map<string, Ids>();

  add(entry: JournalEntry, start: number, length: number): void {
    if (entry.type === 'intent') {
      this.lines.set(entry.job, [start, length]);
      if (entry.intent.batchKey !== undefined) this.byKey.set(entry.intent.batchKey, noted(this.byKey.get(entry.intent.batchKey), entry.job));
      if (entry.taskId !== undefined) this.byTask.set(entry.taskId, noted(this.byTask.get(entry.taskId), entry.job));
      return;
    }
    const lines = this.lines.get(entry.job);
    if (!lines) return;
    lines.push(start, length);
    if (entry.type === 'created') this.byTask.set(entry.taskId, noted(this.byTask.get(entry.taskId), entry.job));
  }

  /** The byte ranges of a job's records, oldest first. */
  linesOf(job: string): readonly number[] | undefined {
    return this.lines.get(job);
  }

  /** The jobs of a batch line, oldest first (a line submitted again after a failure has several). */
  forKey(key: string): readonly string[] {
    return idsOf(this.byKey.get(key));
  }

  forTask(taskId: string): readonly string[] {
    return idsOf(this.byTask.get(taskId));
  }
}

function idsOf(ids: Ids | undefined): readonly string[] {
  return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
}
