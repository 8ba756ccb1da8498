/**
 * Where each job's records are in the journal file, not the records themselves: a batch of
 * 100,000 jobs keeps a few numbers per job in memory (~0.13 KB), and a job is read back (a few
 * short reads) when it is asked for. Lookups by job, batch key or task cost the same at any size.
 *
 * Jobs are numbered in the order their intents appear. Job ids, keys and task ids are kept as
 * 31-bit hashes, not strings: a hash names candidates, and the caller checks each candidate's
 * folded record (its id, key or task) before trusting it. Everything lives in typed arrays: a
 * record costs 16 bytes, and the garbage collector has no objects to walk.
 */
import type { JournalEntry } from './fold.js';
import { float64Column, int32Column, uint32Column } from '../typed-column.js';

/** FNV-1a over UTF-16 code units, folded to a small integer (a V8 Smi: no heap number per key). */
export function hash31(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1;
}

/**
 * Hashes to job numbers, open addressing in one typed array (8 bytes a slot, at most 70% full):
 * a hash may hold several numbers (two strings sharing a hash, a key met again), all returned.
 */
class HashSlots {
  private slots = new Int32Array(2048).fill(-1);
  private size = 0;

  add(hash: number, job: number): void {
    if (this.has(hash, job)) return;
    if ((this.size + 1) * 10 > (this.slots.length / 2) * 7) this.grow();
    this.put(this.slots, hash, job);
    this.size++;
  }

  /** The numbers under a hash. */
  get(hash: number): number[] {
    const found: number[] = [];
    const mask = this.slots.length / 2 - 1;
    for (let i = hash & mask; this.slots[i * 2 + 1] !== -1; i = (i + 1) & mask)
      if (this.slots[i * 2] === hash) found.push(this.slots[i * 2 + 1] as number);
    return found;
  }

  private has(hash: number, job: number): boolean {
    const mask = this.slots.length / 2 - 1;
    for (let i = hash & mask; this.slots[i * 2 + 1] !== -1; i = (i + 1) & mask)
      if (this.slots[i * 2] === hash && this.slots[i * 2 + 1] === job) return true;
    return false;
  }

  private put(slots: Int32Array, hash: number, job: number): void {
    const mask = slots.length / 2 - 1;
    let i = hash & mask;
    while (slots[i * 2 + 1] !== -1) i = (i + 1) & mask;
    slots[i * 2] = hash;
    slots[i * 2 + 1] = job;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== -1) this.put(this.slots, old[i] as number, old[i + 1] as number);
  }
}

export class JobIndex {
  private jobs = 0;
  private records = 0;
  private readonly firstRecord = int32Column();
  private readonly lastRecord = int32Column();
  private readonly recordStart = float64Column();
  private readonly recordLength = uint32Column();
  /** The job's next record, or -1. */
  private readonly recordNext = int32Column();
  /** Job numbers by the hash of their id: the first job of a hash; later ones that share it are kept by exact id. */
  private readonly byJobHash = new HashSlots();
  private readonly byJobExact = new Map<string, number>();
  private readonly byKey = new HashSlots();
  private readonly byTask = new HashSlots();

  add(entry: JournalEntry, start: number, length: number): void {
    if (entry.type === 'intent') {
      const job = this.jobs++;
      const hash = hash31(entry.job);
      if (this.byJobHash.get(hash).length > 0) this.byJobExact.set(entry.job, job);
      else this.byJobHash.add(hash, job);
      this.firstRecord.set(job, -1);
      this.append(job, start, length);
      if (entry.intent.batchKey !== undefined) this.byKey.add(hash31(entry.intent.batchKey), job);
      if (entry.taskId !== undefined) this.byTask.add(hash31(entry.taskId), job);
      return;
    }
    const job = this.jobNumber(entry.job);
    if (job === undefined) return;
    this.append(job, start, length);
    if (entry.type === 'created') this.byTask.add(hash31(entry.taskId), job);
  }

  private append(job: number, start: number, length: number): void {
    const record = this.records++;
    this.recordStart.set(record, start);
    this.recordLength.set(record, length);
    this.recordNext.set(record, -1);
    if (this.firstRecord.get(job) === -1) this.firstRecord.set(job, record);
    else this.recordNext.set(this.lastRecord.get(job), record);
    this.lastRecord.set(job, record);
  }

  /** How many jobs: they are numbered from 0, in the order their intents appear. */
  get jobCount(): number {
    return this.jobs;
  }

  /** The number of a job by its id (exact: a shared hash went to the exact map). */
  jobNumber(id: string): number | undefined {
    return this.byJobExact.get(id) ?? this.byJobHash.get(hash31(id))[0];
  }

  /** The byte offset and length of each of a job's records, oldest first (the first is its intent). */
  linesOf(job: number): number[] {
    const lines: number[] = [];
    if (job >= this.jobs) return lines;
    for (let r = this.firstRecord.get(job); r !== -1; r = this.recordNext.get(r))
      lines.push(this.recordStart.get(r), this.recordLength.get(r));
    return lines;
  }

  /** Jobs that may be a batch line's; the caller checks each one's key. */
  candidatesForKey(key: string): readonly number[] {
    return this.byKey.get(hash31(key));
  }

  /** Jobs that may hold a task; the caller checks each one's task id. */
  candidatesForTask(taskId: string): readonly number[] {
    return this.byTask.get(hash31(taskId));
  }
}
