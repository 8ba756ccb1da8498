/**
 * The task journal: an append-only JSON-lines log under the state directory. Every record is
 * one write() on a file opened with O_APPEND, so several runway processes can append at once
 * without losing or interleaving records; records that protect money (the intent before a
 * create, the task id after it) are fsync-ed before we go on. A torn line (a kill in the middle
 * of a write) is skipped when reading, and cannot swallow the record written after it.
 */
import { closeSync, fsyncSync, openSync, readFileSync, writeSync, constants } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from './paths.js';
import { redactValue } from './redact.js';
import { foldJournal, type JobRecord, type JournalEntry } from './journal-fold.js';

export type { JobRecord, JournalEntry } from './journal-fold.js';

const durableTypes = new Set<JournalEntry['type']>(['intent', 'created', 'create-failed', 'downloaded']);

export class Journal {
  readonly path: string;

  constructor(stateDir: string) {
    this.path = join(ensurePrivateDir(stateDir), 'journal.jsonl');
  }

  append(entry: JournalEntry): void {
    // The leading newline ends any torn fragment a killed writer left, so this record stays whole.
    const line = Buffer.from(`\n${JSON.stringify(redactValue(entry))}\n`);
    const fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    try {
      writeSync(fd, line);
      if (durableTypes.has(entry.type)) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  entries(): JournalEntry[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const value = JSON.parse(line) as JournalEntry;
        if (value && typeof value === 'object' && typeof value.job === 'string') out.push(value);
      } catch {
        // a torn line from a killed writer: the records around it are intact
      }
    }
    return out;
  }

  /** All jobs, newest first. */
  jobs(): JobRecord[] {
    return foldJournal(this.entries());
  }

  findByTask(taskId: string): JobRecord | undefined {
    return this.jobs().find((job) => job.taskId === taskId);
  }

  find(job: string): JobRecord | undefined {
    return this.jobs().find((j) => j.job === job);
  }
}
