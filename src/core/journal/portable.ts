/**
 * The journal as a file that travels between machines (CI runners that come and go): export
 * writes the records of every job (or of one batch's jobs) as JSON lines, atomically; import
 * merges such files into this machine's journal, idempotently. A job known on both sides keeps
 * its most advanced state: the other side's records are added only when they take it further.
 */
import { closeSync, createWriteStream, fstatSync, fsyncSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { UsageError } from '../errors.js';
import { makeDirs } from '../files/make-dirs.js';
import { fsReason } from '../files/fs-reason.js';
import { foldJournal, type JobIntent, type JobRecord, type JournalEntry } from './fold.js';
import type { Journal } from './journal.js';
import { JobIndex } from './job-index.js';
import { readLine, wholeLines } from './lines.js';
import { checkRecord } from './record-schema.js';
import { jsonLines, writeAll } from './json-lines.js';
import { replaceWhole } from '../files/whole.js';

const header = { runwayState: 1 };

const rank: Record<JobRecord['phase'], number> = {
  unknown: 0,
  'not-created': 0,
  pending: 1,
  running: 2,
  failed: 3,
  cancelled: 3,
  succeeded: 3,
  downloaded: 4,
};

type BatchKeys = { has(key: string): boolean };

const headLine = (count: number) => JSON.stringify({ ...header, exportedAt: new Date().toISOString(), records: count }).padEnd(128, ' ');

/**
 * The records of the jobs of those batch lines (every job when absent), oldest first, in one pass
 * over the journal and without holding them: a job's intent comes before its other records.
 */
function* selectedRecords(
  journal: Journal,
  batchKeys: BatchKeys | undefined,
  tally: { jobs: Set<string>; records: number },
): Generator<JournalEntry> {
  for (const entry of journal.entries()) {
    if (entry.type === 'intent' && (!batchKeys || (entry.intent.batchKey !== undefined && batchKeys.has(entry.intent.batchKey))))
      tally.jobs.add(entry.job);
    if (!tally.jobs.has(entry.job)) continue;
    tally.records++;
    yield entry;
  }
}

/**
 * Writes the state file whole or not at all. The header's count is written last, over a
 * space-padded placeholder (JSON allows the trailing spaces).
 */
export function writeStateFile(file: string, journal: Journal, batchKeys?: BatchKeys): { jobs: number; records: number } {
  const tally = { jobs: new Set<string>(), records: 0 };
  try {
    makeDirs(dirname(file));
    replaceWhole(file, (fd) => {
      writeSync(fd, `${headLine(0)}\n`);
      writeAll(fd, jsonLines(selectedRecords(journal, batchKeys, tally)));
      writeSync(fd, headLine(tally.records), 0);
    });
  } catch (error) {
    throw cannotWrite(file, error);
  }
  return { jobs: tally.jobs.size, records: tally.records };
}

/**
 * One job's records added to the end of a state file already written, in one write, forced to
 * disk before this returns: a task id a batch just paid for is in the file before the batch does
 * anything else with it, so a runner killed a moment later leaves it to its replacement.
 * The whole file is rewritten later (writeStateFile); until then the job's records may be there
 * twice, which an import takes once.
 */
export function appendStateRecords(file: string, entries: readonly JournalEntry[]): void {
  if (entries.length === 0) return;
  try {
    const fd = openSync(file, 'a', 0o600);
    try {
      writeSync(fd, `${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

/** A state file that cannot be written, in the user's words (a folder in the way, a full disk). */
function cannotWrite(file: string, error: unknown): unknown {
  const reason = fsReason(error);
  return reason ? new UsageError(`Cannot write the state file ${file}: ${reason}.`) : error;
}

/**
 * The same file as text to stream (`-o -`, stdout), which cannot be written over: the journal is
 * read twice, once to count for the header and once for the records. `counts` is whole at the end.
 */
export function* stateText(
  journal: Journal,
  batchKeys: BatchKeys | undefined,
  counts: { jobs: number; records: number },
): Generator<string> {
  const first = { jobs: new Set<string>(), records: 0 };
  for (const _entry of selectedRecords(journal, batchKeys, first));
  yield `${headLine(first.records)}\n`;
  const tally = { jobs: new Set<string>(), records: 0 };
  yield* jsonLines(selectedRecords(journal, batchKeys, tally));
  counts.jobs = tally.jobs.size;
  counts.records = tally.records;
}

/**
 * A state file checked whole before anything is imported (its header, every line a record) in
 * one pass a slice at a time, and indexed: where each job's records are, not the records. A
 * file of 100,000 jobs costs the index (~0.13 KB a job), not its size.
 */
class StateFile {
  private readonly index = new JobIndex();

  private constructor(
    /** How messages name the file (stdin is read through a temporary copy). */
    readonly name: string,
    private readonly fd: number,
  ) {}

  static open(path: string, name: string, policy: ImportPolicy): StateFile {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw new UsageError(`The state file ${name} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
    }
    const file = new StateFile(name, fd);
    try {
      file.checkHead();
      file.check(policy);
    } catch (error) {
      file.close();
      const reason = fsReason(error);
      throw reason ? new UsageError(`The state file ${name} cannot be read: ${reason}.`) : error;
    }
    return file;
  }

  /** The header first, from the file's start: a big file of something else is refused before it is read through. */
  private checkHead(): void {
    const head = Buffer.alloc(64 * 1024);
    const [firstLine = ''] = head
      .toString('utf8', 0, readSync(this.fd, head, 0, head.length, 0))
      .trimStart()
      .split('\n', 1);
    if ((parseJson(firstLine) as { runwayState?: unknown } | undefined)?.runwayState !== 1) throw this.notStateFile();
  }

  private check(policy: ImportPolicy): void {
    let lineNumber = 0;
    let headerSeen = false;
    let end = 0;
    for (const { line, start, next } of wholeLines(this.fd, 0)) {
      lineNumber++;
      end = next;
      if (!line.trim()) continue;
      if (!headerSeen) {
        if ((parseJson(line) as { runwayState?: unknown } | undefined)?.runwayState !== 1) throw this.notStateFile();
        headerSeen = true;
        continue;
      }
      const checked = checkRecord(parseJson(line));
      if ('problem' in checked) throw this.damaged(lineNumber, checked.problem);
      const refused = checked.entry.type === 'intent' ? policy.refuse(checked.entry.intent) : undefined;
      if (refused) throw new UsageError(`${this.name}:${lineNumber}: ${refused} Nothing was imported.`, { hint: policy.hint });
      this.index.add(checked.entry, start, next - 1 - start);
    }
    // The writer ends every line with a newline: text after the last one is a cut-off file.
    const rest = Buffer.alloc(Math.min(64, Math.max(0, fstatSync(this.fd).size - end)));
    readSync(this.fd, rest, 0, rest.length, end);
    if (rest.toString('utf8').trim()) throw headerSeen ? this.damaged(lineNumber + 1) : this.notStateFile();
    if (!headerSeen) throw this.notStateFile();
  }

  private notStateFile(): UsageError {
    return new UsageError(`${this.name} is not a runway state file (written by \`runway state export\`).`);
  }

  private damaged(line: number, problem?: string): UsageError {
    return new UsageError(
      `${this.name}:${line}: not a journal record${problem ? ` (${problem})` : ''}; the file is damaged or was not ` +
        `written by \`runway state export\`.`,
      {
        hint: 'Export it again from the machine that wrote it; nothing was imported from it.',
      },
    );
  }

  /** Each job's records, oldest first (its intent first), one job at a time. */
  *jobs(): Generator<JournalEntry[]> {
    for (let job = 0; job < this.index.jobCount; job++) {
      const lines = this.index.linesOf(job);
      const entries: JournalEntry[] = [];
      for (let i = 0; i < lines.length; i += 2)
        entries.push(
          (checkRecord(JSON.parse(readLine(this.fd, lines[i] as number, lines[i + 1] as number))) as { entry: JournalEntry }).entry,
        );
      yield entries;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

export interface ImportOutcome {
  /** Jobs this machine did not know. */
  added: number;
  /** Jobs known here that the import took further (a task id, a finished state). */
  advanced: number;
  /** Jobs where this machine already knew as much or more. */
  unchanged: number;
}

/** What an import takes from another machine, and where its jobs are saved here. */
export interface ImportPolicy {
  /** Why a job's intent is not imported (a base URL this machine does not send its key to), or undefined. */
  refuse(intent: JobIntent): string | undefined;
  /** What to do about a refusal. */
  hint?: string;
  /** This run's output folder: imported jobs save here, never under the other machine's absolute paths. */
  outDir: string;
}

/** A path of the other machine, moved from its output folder into this one (its place inside kept). */
function rehome(file: string, from: string, to: string): string {
  const inside = relative(from, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? join(to, inside) : join(to, basename(file));
}

/** A job's records as they land here: its intent saves into this run's folder, and so do its planned and saved files. */
function rehomed(entries: readonly JournalEntry[], outDir: string): JournalEntry[] {
  const from = entries.find((entry) => entry.type === 'intent')?.intent.outDir ?? outDir;
  return entries.map((entry): JournalEntry => {
    switch (entry.type) {
      case 'intent':
        return { ...entry, intent: { ...entry.intent, outDir } };
      case 'succeeded':
        return { ...entry, outputs: entry.outputs.map((output) => ({ ...output, file: rehome(output.file, from, outDir) })) };
      case 'downloaded':
        return { ...entry, file: rehome(entry.file, from, outDir) };
      default:
        return entry;
    }
  });
}

/**
 * Merges a state file into `journal`: idempotent, and never moves a job back. The whole file is
 * checked before the first record is added (every record against the schema, every job against
 * the policy), so a damaged, foreign or hostile file imports nothing.
 */
export async function importStateFile(journal: Journal, path: string, policy: ImportPolicy, name = path): Promise<ImportOutcome> {
  const file = StateFile.open(path, name, policy);
  const outcome: ImportOutcome = { added: 0, advanced: 0, unchanged: 0 };
  try {
    for (const records of file.jobs()) {
      const theirs = rehomed(records, policy.outDir);
      const there = foldJournal(theirs)[0];
      if (!there) continue;
      const ours = journal.recordsOf(there.job);
      const here = ours.length > 0 ? foldJournal(ours).find((job) => job.job === there.job) : undefined;
      if (here && rank[there.phase] <= rank[here.phase] && !(there.taskId && !here.taskId)) {
        outcome.unchanged++;
        continue;
      }
      const present = new Set(ours.map((entry) => JSON.stringify(entry)));
      for (const entry of theirs) if (!present.has(JSON.stringify(entry)) && !(here && entry.type === 'intent')) journal.append(entry);
      if (here) outcome.advanced++;
      else outcome.added++;
    }
  } finally {
    file.close();
  }
  if (outcome.added + outcome.advanced > 0) await journal.flush();
  return outcome;
}

/**
 * Merges a state file that arrives as a stream (`runway state import -`): it is copied to a
 * private temporary file first, as an import reads the file twice (checked whole, then merged).
 */
export async function importStateStream(journal: Journal, stream: Readable, policy: ImportPolicy, name: string): Promise<ImportOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'runway-state-'));
  try {
    const copy = join(dir, 'state.jsonl');
    await pipeline(stream, createWriteStream(copy, { mode: 0o600 }));
    return await importStateFile(journal, copy, policy, name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
