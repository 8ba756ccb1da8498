/**
 * The finished jobs of a batch, kept out of memory: each job's report entry is appended to a
 * temporary file as it finishes, and only its line, offset and length stay here (16 bytes), with
 * the tally. The report, JUnit and the summary read the entries back in line order.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportTally, reportJob, type ReportJob } from './report.js';
import { float64Column, uint32Column } from '../typed-column.js';
import type { BatchResult } from '../batch/run.js';

export class ResultLog {
  readonly tally = new ReportTally();
  private readonly dir = mkdtempSync(join(tmpdir(), 'runway-batch-'));
  private readonly fd = openSync(join(this.dir, 'jobs.jsonl'), 'w+', 0o600);
  // Unlinked while open where the system allows it (not Windows): a killed batch leaves nothing behind.
  private removed = removeDir(this.dir);
  private size = 0;
  private count = 0;
  private readonly lines = uint32Column();
  private readonly offsets = float64Column();
  private readonly lengths = uint32Column();

  add(result: BatchResult): ReportJob {
    const job = reportJob(result);
    this.tally.add(job);
    const length = writeSync(this.fd, JSON.stringify(job), this.size);
    this.lines.set(this.count, job.line);
    this.offsets.set(this.count, this.size);
    this.lengths.set(this.count, length);
    this.count++;
    this.size += length;
    return job;
  }

  /** Every job's entry, in the order of the batch file's lines. */
  *jobs(): Generator<ReportJob> {
    const order = Uint32Array.from({ length: this.count }, (_v, i) => i).sort((a, b) => this.lines.get(a) - this.lines.get(b));
    let buffer = Buffer.allocUnsafe(64 * 1024);
    for (const i of order) {
      const length = this.lengths.get(i);
      if (length > buffer.length) buffer = Buffer.allocUnsafe(length);
      readSync(this.fd, buffer, 0, length, this.offsets.get(i));
      yield JSON.parse(buffer.toString('utf8', 0, length)) as ReportJob;
    }
  }

  close(): void {
    closeSync(this.fd);
    if (!this.removed) this.removed = removeDir(this.dir);
  }
}

function removeDir(dir: string): boolean {
  try {
    rmSync(dir, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}
