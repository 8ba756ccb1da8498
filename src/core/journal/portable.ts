/**
 * The journal as a file that travels between machines (CI runners that come and go): export
 * writes the records of every job (or of one batch's jobs) as JSON lines, atomically; import
 * merges such files into this machine's journal, idempotently. A job known on both sides keeps
 * its most advanced state: the other side's records are added only when they take it further.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { makeDirs } from '../make-dirs.js';
import { fsReason } from '../fs-reason.js';
import { foldJournal, type JobRecord, type JournalEntry } from './fold.js';
import type { Journal } from './journal.js';

const header = { runwayState: 1 };

const rank: Record<JobRecord['phase'], number> = { unknown: 0, 'not-created': 0, pending: 1, running: 2, failed: 3, cancelled: 3, succeeded: 3, downloaded: 4 };

/**
 * Writes the records of the jobs of those batch lines (every job when absent), oldest first,
 * whole or not at all (a temporary file, fsync, rename), in one pass over the journal and without
 * holding the records: a job's intent comes before its other records. The header's count is
 * written last, over a space-padded placeholder (JSON allows the trailing spaces).
 */
export function writeStateFile(file: string, journal: Journal, batchKeys?: { has(key: string): boolean }): { jobs: number; records: number } {
  const temporary = `${file}.${process.pid}.tmp`;
  const jobs = new Set<string>();
  let records = 0;
  const headLine = (count: number) => JSON.stringify({ ...header, exportedAt: new Date().toISOString(), records: count }).padEnd(128, ' ');
  try {
    makeDirs(dirname(file));
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, `${headLine(0)}\n`);
      let pending: string[] = [];
      for (const entry of journal.entries()) {
        if (entry.type === 'intent' && (!batchKeys || (entry.intent.batchKey !== undefined && batchKeys.has(entry.intent.batchKey)))) jobs.add(entry.job);
        if (!jobs.has(entry.job)) continue;
        records++;
        pending.push(JSON.stringify(entry));
        if (pending.length >= 512) {
          writeSync(fd, `${pending.join('\n')}\n`);
          pending = [];
        }
      }
      if (pending.length > 0) writeSync(fd, `${pending.join('\n')}\n`);
      writeSync(fd, headLine(records), 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    const reason = fsReason(error);
    if (reason) throw new UsageError(`Cannot write the state file ${file}: ${reason}.`);
    throw error;
  }
  return { jobs: jobs.size, records };
}

export function readStateFile(file: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`The state file ${file} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
  }
  const [first, ...lines] = text.split('\n').filter((l) => l.trim());
  let head: unknown;
  try {
    head = JSON.parse(first ?? '');
  } catch {
    head = undefined;
  }
  if (!head || (head as { runwayState?: unknown }).runwayState !== 1) throw new UsageError(`${file} is not a runway state file (written by \`runway state export\`).`);
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as JournalEntry;
    } catch {
      throw new UsageError(`${file}:${i + 2}: not a JSON record; the file is damaged.`);
    }
  });
}

export interface ImportOutcome {
  /** Jobs this machine did not know. */
  added: number;
  /** Jobs known here that the import took further (a task id, a finished state). */
  advanced: number;
  /** Jobs where this machine already knew as much or more. */
  unchanged: number;
}

/** Merges `records` into `journal`: idempotent, and never moves a job back. */
export async function importRecords(journal: Journal, records: readonly JournalEntry[]): Promise<ImportOutcome> {
  const byJob = new Map<string, JournalEntry[]>();
  for (const record of records) byJob.set(record.job, [...(byJob.get(record.job) ?? []), record]);
  const outcome: ImportOutcome = { added: 0, advanced: 0, unchanged: 0 };
  const present = new Set<string>();
  for (const entry of journal.entries()) if (byJob.has(entry.job)) present.add(JSON.stringify(entry));
  for (const [job, theirs] of byJob) {
    const here = journal.find(job);
    const there = foldJournal(theirs)[0];
    if (!there) continue;
    if (here && rank[there.phase] <= rank[here.phase] && !(there.taskId && !here.taskId)) {
      outcome.unchanged++;
      continue;
    }
    const missing = theirs.filter((entry) => !present.has(JSON.stringify(entry)) && !(here && entry.type === 'intent'));
    for (const entry of missing) journal.append(entry);
    if (here) outcome.advanced++;
    else outcome.added++;
  }
  if (outcome.added + outcome.advanced > 0) await journal.flush();
  return outcome;
}
