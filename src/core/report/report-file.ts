/**
 * A batch report read back a slice at a time (`runway report merge`): its jobs one by one and
 * the fields around them, through a streaming JSON parser, so merging the shards of a
 * 100,000-job batch holds a few jobs at a time, never the reports.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { JSONParser } from '@streamparser/json';
import { UsageError } from '../errors.js';
import { fsReason } from '../files/fs-reason.js';
import type { ReportJob, reportHead } from './report.js';

export type ReportHead = ReturnType<typeof reportHead>;

// Named one by one: selecting the root or `jobs` itself would make the parser keep every job.
const headFields: readonly (keyof ReportHead)[] = [
  'version',
  'source',
  'batch',
  'shard',
  'concurrency',
  'startedAt',
  'finishedAt',
  'seconds',
  'total',
  'succeeded',
  'failed',
  'exitCode',
  'credits',
];

export class ReportFile {
  /** The report's fields other than its jobs, as far as the file has been read. */
  readonly head: Partial<ReportHead> = {};

  constructor(readonly path: string) {}

  /** The jobs in the file's order; `head` is whole once they have all been read. */
  *jobs(): Generator<ReportJob> {
    const fd = this.open();
    const found: ReportJob[] = [];
    const parser = new JSONParser({ paths: [...headFields.map((field) => `$.${field}`), '$.jobs.*'], keepStack: false });
    parser.onValue = ({ value, key, stack }) => {
      if (stack.length === 2) found.push(this.checked(value));
      else (this.head as Record<string, unknown>)[key as string] = value;
    };
    const buffer = Buffer.allocUnsafe(64 * 1024);
    try {
      for (let n; (n = this.read(fd, buffer)) > 0;) {
        try {
          parser.write(buffer.subarray(0, n));
        } catch (error) {
          if (error instanceof UsageError) throw error;
          throw this.unreadable((error as Error).message);
        }
        yield* found.splice(0);
      }
      if (!parser.isEnded) throw this.unreadable('the file ends before the report does');
    } finally {
      closeSync(fd);
    }
  }

  notAReport(): UsageError {
    return new UsageError(`${this.path} is not a runway batch report (written by \`runway batch --report\`).`);
  }

  private checked(value: unknown): ReportJob {
    const job = value as Partial<ReportJob> | null;
    if (!job || typeof job.key !== 'string' || !Number.isInteger(job.line)) throw this.notAReport();
    return job as ReportJob;
  }

  private open(): number {
    try {
      return openSync(this.path, 'r');
    } catch (error) {
      throw this.unreadable(fsReason(error) ?? (error as Error).message);
    }
  }

  private read(fd: number, buffer: Buffer): number {
    try {
      return readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      throw this.unreadable(fsReason(error) ?? (error as Error).message);
    }
  }

  private unreadable(reason: string): UsageError {
    return new UsageError(`${this.path} cannot be read as a report: ${reason}.`);
  }
}
