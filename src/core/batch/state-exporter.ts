/**
 * `batch --export-state`: the batch's journal records, kept current in a file a replacement
 * runner imports. A created task's records are appended and forced to disk the moment it exists
 * (before the batch does anything else with it); the whole file is rewritten atomically as jobs
 * finish, and once at the end (Ctrl-C included), so a CI step that runs `if: always()` has a recent
 * copy. Whole rewrites happen at most once a second, and never more than a tenth of the time: an
 * export reads the whole journal, which grows with the batch.
 *
 * The file is written once before anything is submitted, so a path that cannot be written is a
 * usage error while nothing is paid for. After that a failed write never touches a job: it is
 * said once, tried again later, and the last attempt's failure is the run's to report.
 */
import { DownloadError } from '../errors.js';
import { appendStateRecords, writeStateFile } from '../journal/portable.js';
import type { Journal } from '../journal/journal.js';
import type { EventSink } from '../events.js';

export class StateExporter {
  private next = 0;
  private pending: NodeJS.Timeout | undefined;
  private warned = false;
  private finished = false;

  constructor(
    private readonly file: string | undefined,
    private readonly keys: { has(key: string): boolean },
    private readonly journal: Journal,
    private readonly events: EventSink,
  ) {}

  /** The first write, before any request: its failure is the caller's usage error. */
  start(): void {
    if (this.file === undefined) return;
    try {
      this.write();
    } catch (error) {
      // Nothing was run: there is no last write to make.
      this.finished = true;
      throw error;
    }
  }

  /** A task was just created: its records are in the file and on disk before this returns. */
  created(job: string): void {
    if (this.file === undefined || this.finished) return;
    try {
      appendStateRecords(this.file, this.journal.recordsOf(job));
    } catch (error) {
      this.failed(error);
    }
    this.soon();
  }

  /** Something changed: written now, or a moment later when the last write was recent. */
  soon(): void {
    if (this.file === undefined || this.pending || this.finished) return;
    const wait = this.next - Date.now();
    if (wait <= 0) return void this.tryWrite();
    // The last change of a burst is written too, a moment later.
    this.pending = setTimeout(() => this.tryWrite(), wait);
    this.pending.unref();
  }

  /** The last write (once); its failure, worded for the user, or undefined. */
  finish(): DownloadError | undefined {
    if (this.file === undefined || this.finished) return undefined;
    this.finished = true;
    const error = this.tryWrite();
    if (error === undefined) return undefined;
    return new DownloadError(error.message, {
      hint:
        `The jobs themselves are in this machine's journal: once that path can be written, \`runway state export -o ` +
        `${this.file}\` writes it again (with \`--batch <file>\`, this batch's jobs only).`,
    });
  }

  private write(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    const started = Date.now();
    try {
      writeStateFile(this.file as string, this.journal, this.keys);
    } finally {
      this.next = Date.now() + Math.max(1000, (Date.now() - started) * 10);
    }
  }

  /** A write that does not throw: a job must never fail because its state file could not be updated. */
  private tryWrite(): Error | undefined {
    try {
      this.write();
      return undefined;
    } catch (error) {
      return this.failed(error);
    }
  }

  private failed(error: unknown): Error {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (!this.warned && !this.finished)
      this.events({ type: 'warning', message: `${failure.message} The jobs go on; it is tried again as they finish.` });
    this.warned = true;
    return failure;
  }
}
