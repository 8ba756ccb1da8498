/**
 * The task journal: an append-only JSON-lines log under the state directory. Every record is
 * one write() on a file opened with O_APPEND, so several runway processes can append at once
 * without losing or interleaving records. Records that protect money (the intent before a
 * create, the task id after it, a saved file) are made durable before the caller goes on: an
 * fsync that concurrent jobs share (group commit), so sixteen parallel creates cost a few
 * fsyncs, not sixteen in a row. A torn line (a kill in the middle of a write) is skipped when
 * reading, and cannot swallow the record written after it.
 */
import { closeSync, constants, fstatSync, fsync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensurePrivateDir, stateDirs } from '../paths.js';
import { jobOfTask } from './task-lookup.js';
import { redactValue } from '../redact.js';
import { JournalFold, type JobRecord, type JournalEntry } from './fold.js';
import { JobIndex } from './job-index.js';
import { parseRecord, readLine, wholeLines } from './lines.js';
import { compactingPid, pruneJournal, registerWriter, type PruneResult } from './compact.js';
import { UsageError } from '../errors.js';

/** How long a writer waits for a `runway prune` to finish before giving up (before any request). */
const compactionWaitMs = 30_000;

export type { JobRecord, JournalEntry } from './fold.js';

/** A job number read from an index built before the file was replaced. */
const replaced = Symbol('replaced');
type Replaced = typeof replaced;

/** Journals of this process with an open descriptor (a prune closes them first). */
const openJournals = new Set<Journal>();

/** This machine's journal, in the state directory. */
export function openJournal(env: NodeJS.ProcessEnv = process.env): Journal {
  return new Journal(stateDirs(env).state);
}

export class Journal {
  readonly path: string;
  private fd: number | undefined;
  private syncing: Promise<void> | undefined;
  private queuedSync: Promise<void> | undefined;
  private view: { ino: number; offset: number; index: JobIndex } | undefined;
  private readBuffer: Buffer | undefined;

  constructor(stateDir: string) {
    this.path = join(ensurePrivateDir(stateDir), 'journal.jsonl');
  }

  private descriptor(): number {
    if (this.fd === undefined) {
      const stateDir = dirname(this.path);
      registerWriter(stateDir);
      waitForCompaction(stateDir);
      const fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
      this.fd = fd;
      openJournals.add(this);
      process.once('exit', () => {
        if (this.fd === fd) closeSync(fd);
      });
    }
    return this.fd;
  }

  private closeDescriptor(): void {
    if (this.fd === undefined) return;
    if (this.syncing) throw new UsageError('The task journal is being written by this process; prune it from a separate `runway prune`.');
    closeSync(this.fd);
    this.fd = undefined;
    openJournals.delete(this);
  }

  /** Rewrites the journal without the settled jobs last updated before `cutoff` (see journal-compact.ts). */
  prune(cutoff: Date, dryRun: boolean): PruneResult {
    // Descriptors of this process would go on appending to the replaced file: reopen them afterwards.
    if (!dryRun) for (const journal of openJournals) journal.closeDescriptor();
    return pruneJournal(this.path, () => this.entries(), cutoff, dryRun);
  }

  /** Appends a record (written, not yet forced to disk). */
  append(entry: JournalEntry): void {
    // The leading newline ends any torn fragment a killed writer left, so this record stays whole.
    writeSync(this.descriptor(), `\n${JSON.stringify(redactValue(entry))}\n`);
  }

  /** Appends a record and resolves once it is on disk. */
  async appendDurable(entry: JournalEntry): Promise<void> {
    this.append(entry);
    await this.sync();
  }

  /** Resolves once every record appended so far is on disk. */
  flush(): Promise<void> {
    return this.sync();
  }

  /** One fsync covers every write made before it started; writes during it wait for the next. */
  private sync(): Promise<void> {
    if (!this.syncing) {
      const fd = this.descriptor();
      this.syncing = new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve()))).finally(() => {
        this.syncing = undefined;
      });
      return this.syncing;
    }
    this.queuedSync ??= this.syncing
      .catch(() => undefined)
      .then(() => {
        this.queuedSync = undefined;
        return this.sync();
      });
    return this.queuedSync;
  }

  /** Every whole record, oldest first, read a slice at a time: memory does not grow with the journal. */
  *entries(): Generator<JournalEntry> {
    const fd = openIfExists(this.path);
    if (fd === undefined) return;
    try {
      for (const { line } of wholeLines(fd, 0)) {
        const entry = parseRecord(line);
        if (entry) yield entry;
      }
    } finally {
      closeSync(fd);
    }
  }

  /** All jobs, newest first: the whole journal folded once (list, watch --pending, export). */
  jobs(): JobRecord[] {
    const fold = new JournalFold();
    for (const entry of this.entries()) fold.apply(entry);
    return fold.records();
  }

  /** The newest job of a batch line, by its key. */
  latestForKey(key: string): JobRecord | undefined {
    return this.lookUp((index) => this.newest(index.candidatesForKey(key), (job) => job.intent.batchKey === key));
  }

  /**
   * A lookup through the index. The file may have been replaced (a prune) since the index was
   * built: its job numbers then name other jobs, so the index is rebuilt and the lookup asked again.
   */
  private lookUp<T>(ask: (index: JobIndex) => T | undefined | Replaced): T | undefined {
    const found = ask(this.catchUp());
    if (found !== replaced) return found;
    const again = ask(this.catchUp());
    return again === replaced ? undefined : again;
  }

  /** The newest of some jobs that pass `check` (the later one of two created in the same millisecond). */
  private newest(jobs: readonly number[], check: (job: JobRecord) => boolean): JobRecord | undefined | Replaced {
    let best: JobRecord | undefined;
    for (const number of jobs) {
      const job = this.read(number);
      if (job === replaced) return replaced;
      if (job && check(job) && (!best || job.createdAt >= best.createdAt)) best = job;
    }
    return best;
  }

  /** A job's records read back from where the index says they are, and folded. */
  private read(number: number): JobRecord | undefined | Replaced {
    const entries = this.entriesOf(number);
    if (entries === replaced) return replaced;
    // The first record is the job's intent: it names the job.
    const id = entries[0]?.job;
    if (id === undefined) return undefined;
    const fold = new JournalFold();
    for (const entry of entries) fold.apply(entry);
    return fold.get(id);
  }

  /** A job's records, oldest first (its intent first), read back from where the index says they are. */
  private entriesOf(number: number): JournalEntry[] | Replaced {
    const lines = this.view?.index.linesOf(number);
    const fd = lines && lines.length > 0 ? openIfExists(this.path) : undefined;
    if (!lines || fd === undefined) return [];
    const entries: JournalEntry[] = [];
    try {
      if (fstatSync(fd).ino !== this.view?.ino) return replaced;
      for (let i = 0; i < lines.length; i += 2) {
        const entry = parseRecord(readLine(fd, lines[i] as number, lines[i + 1] as number));
        if (entry) entries.push(entry);
      }
    } finally {
      closeSync(fd);
    }
    return entries;
  }

  /**
   * Folds only what was appended (by any process) since this journal last looked, so a batch
   * can re-check a job before submitting it without re-reading everything. Only whole lines are
   * taken: every append starts and ends with a newline. A pruned journal is a new file: start over.
   */
  private catchUp(): JobIndex {
    const fd = openIfExists(this.path);
    if (fd === undefined) {
      this.view = undefined;
      return new JobIndex();
    }
    try {
      const { ino, size } = fstatSync(fd);
      if (!this.view || this.view.ino !== ino || size < this.view.offset) this.view = { ino, offset: 0, index: new JobIndex() };
      const view = this.view;
      // A batch catches up hundreds of times a second, a few KB each time: one buffer serves them all.
      this.readBuffer ??= Buffer.allocUnsafe(64 * 1024);
      for (const { line, start, next } of wholeLines(fd, view.offset, size - view.offset, this.readBuffer)) {
        const entry = parseRecord(line);
        if (entry) view.index.add(entry, start, next - 1 - start);
        view.offset = next;
      }
      return view.index;
    } finally {
      closeSync(fd);
    }
  }

  /** The job of a task: from the fold when this journal already holds it, else read from the file's end (status, watch, cancel). */
  findByTask(taskId: string): JobRecord | undefined {
    if (this.view) return this.lookUp((index) => this.newest(index.candidatesForTask(taskId), (job) => job.taskId === taskId));
    const fd = openIfExists(this.path);
    if (fd === undefined) return undefined;
    try {
      return jobOfTask(fd, taskId);
    } finally {
      closeSync(fd);
    }
  }

  /** A job's own records as written, oldest first (none when the job is not known here). */
  recordsOf(job: string): JournalEntry[] {
    return (
      this.lookUp((index) => {
        const number = index.jobNumber(job);
        const entries = number === undefined ? [] : this.entriesOf(number);
        return entries === replaced || entries[0]?.job === job ? entries : [];
      }) ?? []
    );
  }

  find(job: string): JobRecord | undefined {
    return this.lookUp((index) => {
      const number = index.jobNumber(job);
      const found = number === undefined ? undefined : this.read(number);
      return found === replaced || found?.job === job ? found : undefined;
    });
  }
}

function openIfExists(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Blocks (the first append of a process only) while another process prunes the journal. */
function waitForCompaction(stateDir: string): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 50) {
    const pid = compactingPid(stateDir);
    if (pid === undefined) return;
    if (waited >= compactionWaitMs) {
      throw new UsageError(
        `The task journal has been locked by \`runway prune\` (pid ${pid}) for ${compactionWaitMs / 1000} s; nothing was submitted.`,
        {
          hint: 'Try again once it has finished; if that process is stuck, stop it.',
        },
      );
    }
    Atomics.wait(nap, 0, 0, 50);
  }
}
