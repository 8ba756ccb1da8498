/**
 * Where each job's records are in the journal file, not the records themselves: a batch of
 * 100,000 jobs keeps a few numbers per job in memory (~0.2 KB), and a job is read back (a few
 * short reads) when it is asked for. Lookups by job, batch key or task cost the same at any size.
 *
 * Jobs are numbered in the order their intents appear. Job ids, keys and task ids are kept as
 * 31-bit hashes, not strings: a hash names candidates, and the caller checks each candidate's
 * folded record (its id, key or task) before trusting it. Records of a job are a chain through
 * typed arrays, so a record costs 16 bytes and no object.
 */
import type { JournalEntry } from './fold.js';

/** FNV-1a over UTF-16 code units, folded to a small integer (a V8 Smi: no heap number per key). */
export function hash31(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1;
}

/** One job number, or several when two strings share a hash or a key was met again (rare). */
type Slots = number | number[];

function noted(slots: Slots | undefined, job: number): Slots {
  if (slots === undefined) return job;
  if (typeof slots === 'number') return slots === job ? slots : [slots, job];
  if (!slots.includes(job)) slots.push(job);
  return slots;
}

function listOf(slots: Slots | undefined): readonly number[] {
  return slots === undefined ? [] : typeof slots === 'number' ? [slots] : slots;
}

/** A growable column of numbers. */
class Column<A extends Float64Array | Int32Array | Uint32Array> {
  constructor(
    public data: A,
    private readonly make: (size: number) => A,
  ) {}

  set(i: number, value: number): void {
    if (i >= this.data.length) {
      const bigger = this.make(Math.max(1024, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = value;
  }
}

const f64 = () => new Column(new Float64Array(0), (n) => new Float64Array(n));
const i32 = () => new Column(new Int32Array(0), (n) => new Int32Array(n));
const u32 = () => new Column(new Uint32Array(0), (n) => new Uint32Array(n));

export class JobIndex {
  private jobs = 0;
  private records = 0;
  private readonly firstRecord = i32();
  private readonly lastRecord = i32();
  private readonly recordStart = f64();
  private readonly recordLength = u32();
  /** The job's next record, or -1. */
  private readonly recordNext = i32();
  /** Job numbers by the hash of their id: the first job of a hash; later ones that share it are kept by exact id. */
  private readonly byJobHash = new Map<number, number>();
  private readonly byJobExact = new Map<string, number>();
  private readonly byKey = new Map<number, Slots>();
  private readonly byTask = new Map<number, Slots>();

  add(entry: JournalEntry, start: number, length: number): void {
    if (entry.type === 'intent') {
      const job = this.jobs++;
      const hash = hash31(entry.job);
      if (this.byJobHash.has(hash)) this.byJobExact.set(entry.job, job);
      else this.byJobHash.set(hash, job);
      this.firstRecord.set(job, -1);
      this.append(job, start, length);
      if (entry.intent.batchKey !== undefined) this.note(this.byKey, entry.intent.batchKey, job);
      if (entry.taskId !== undefined) this.note(this.byTask, entry.taskId, job);
      return;
    }
    const job = this.jobNumber(entry.job);
    if (job === undefined) return;
    this.append(job, start, length);
    if (entry.type === 'created') this.note(this.byTask, entry.taskId, job);
  }

  private note(map: Map<number, Slots>, text: string, job: number): void {
    const hash = hash31(text);
    map.set(hash, noted(map.get(hash), job));
  }

  private append(job: number, start: number, length: number): void {
    const record = this.records++;
    this.recordStart.set(record, start);
    this.recordLength.set(record, length);
    this.recordNext.set(record, -1);
    if (this.firstRecord.data[job] === -1) this.firstRecord.set(job, record);
    else this.recordNext.set(this.lastRecord.data[job] as number, record);
    this.lastRecord.set(job, record);
  }

  /** The number of a job by its id (exact: a shared hash went to the exact map). */
  jobNumber(id: string): number | undefined {
    return this.byJobExact.get(id) ?? this.byJobHash.get(hash31(id));
  }

  /** The byte offset and length of each of a job's records, oldest first (the first is its intent). */
  linesOf(job: number): number[] {
    const lines: number[] = [];
    for (let r = this.firstRecord.data[job] ?? -1; r !== -1; r = this.recordNext.data[r] as number) lines.push(this.recordStart.data[r] as number, this.recordLength.data[r] as number);
    return lines;
  }

  /** Jobs that may be a batch line's (oldest first); the caller checks each one's key. */
  candidatesForKey(key: string): readonly number[] {
    return listOf(this.byKey.get(hash31(key)));
  }

  /** Jobs that may hold a task; the caller checks each one's task id. */
  candidatesForTask(taskId: string): readonly number[] {
    return listOf(this.byTask.get(hash31(taskId)));
  }
}
