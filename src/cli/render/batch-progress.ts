/**
 * Batch progress on stderr. TTY: one cli-progress bar per running job plus a total bar.
 * Otherwise: one line per job state change. The summary table comes at the end either way.
 */
import { bareTaskId } from '../../core/tasks/task-id.js';
import type { CoreEvent, EventSink } from '../../core/events.js';
import type { BatchJob, BatchResult } from '../../core/batch/run.js';
import { jobName, ReportTally, type ReportJob } from '../../core/report/report.js';
import { formatBytes } from '../../core/format-bytes.js';
import { inert, say } from './terminal.js';
import { describeStatus, type RenderMode } from './progress.js';
import { displayPath } from './output.js';
import { formatTable } from './table.js';

export interface BatchReporter {
  sink: EventSink;
  started(job: BatchJob, coreJob: string): void;
  done(result: BatchResult): void;
  stop(): void;
}

const labelOf = (job: BatchJob) => job.spec.id ?? `line ${job.spec.line}`;
const nameOf = (result: BatchResult) => jobName({ id: result.spec.id ?? null, line: result.spec.line });

/**
 * The core job each running batch line is under, forgotten when the line is done: a reporter
 * of a 100,000-line batch holds the running lines, not every line it has seen.
 */
class Running<T> {
  private readonly byKey = new Map<string, string>();
  readonly byJob = new Map<string, T>();

  start(key: string, coreJob: string, value: T): void {
    this.byKey.set(key, coreJob);
    this.byJob.set(coreJob, value);
  }

  /** Forgets a finished line; hands back what was kept for it. */
  finish(key: string): T | undefined {
    const coreJob = this.byKey.get(key);
    if (coreJob === undefined) return undefined;
    this.byKey.delete(key);
    const value = this.byJob.get(coreJob);
    this.byJob.delete(coreJob);
    return value;
  }
}
const write = (line: string) => say(line);

function plainReporter(total: number, mode: RenderMode): BatchReporter {
  // Per running line: its label and the last task state said.
  const running = new Running<{ label: string; state?: string }>();
  let finished = 0;
  const silent = mode.quiet || mode.json;
  const say = (job: string | undefined, text: string) => {
    if (silent) return;
    write(
      `runway: [${String(finished).padStart(String(total).length)}/${total}] ` +
        `${job ? (running.byJob.get(job)?.label ?? 'batch') : 'batch'}: ${text}`,
    );
  };
  const sink: EventSink = (event: CoreEvent) => {
    if (event.type === 'trace') {
      if (mode.debug) write(`debug: ${event.line}`);
      return;
    }
    const job = 'job' in event ? event.job : undefined;
    switch (event.type) {
      case 'created':
        return say(job, `task ${event.taskId} created`);
      case 'status': {
        const text = describeStatus(event);
        const state = event.task.state;
        const line = job ? running.byJob.get(job) : undefined;
        if (!line || line.state === state) return;
        line.state = state;
        if (state === 'pending' || state === 'running') say(job, text);
        return;
      }
      case 'download-done':
        return say(job, `saved ${displayPath(event.file)} (${formatBytes(event.bytes)})`);
      case 'warning':
        return say(job, `warning: ${event.message}`);
      case 'notice':
        return say(job, event.message);
      case 'retry':
        return say(job, `${event.purpose}: ${event.reason}; retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`);
      default:
        return;
    }
  };
  return {
    sink,
    started: (job, coreJob) => running.start(job.spec.key, coreJob, { label: labelOf(job) }),
    done: (result) => {
      finished++;
      running.finish(result.spec.key);
      if (silent) return;
      const label = nameOf(result);
      const text =
        result.state === 'succeeded'
          ? result.origin === 'done-before'
            ? 'already saved earlier; skipped'
            : result.origin === 'placed'
              ? `saved earlier; ${result.placed === 'copied' ? 'copied' : 'hard-linked'} into this folder (not downloaded again)`
              : result.origin === 'downloaded-again'
                ? `the earlier files were gone; downloaded again from fresh links in ${result.seconds.toFixed(1)} s`
                : `done in ${result.seconds.toFixed(1)} s`
          : `${result.state} (exit ${result.exitCode}): ${result.error?.message ?? ''}`;
      write(`runway: [${String(finished).padStart(String(total).length)}/${total}] ${label}: ${text}`);
    },
    stop: () => undefined,
  };
}

async function ttyReporter(total: number, mode: RenderMode): Promise<BatchReporter> {
  const cliProgress = await import('cli-progress');
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      format: '{label} {bar} {percentage}% {state}',
      barsize: 20,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const overall = multi.create(total, 0, { label: 'total'.padEnd(16), state: '' });
  const bars = new Running<ReturnType<typeof multi.create>>();
  let ok = 0;
  let bad = 0;
  const sink: EventSink = (event) => {
    if (event.type === 'trace') {
      if (mode.debug) multi.log(`${inert(`debug: ${event.line}`)}\n`);
      return;
    }
    const bar = 'job' in event && event.job ? bars.byJob.get(event.job) : undefined;
    if (!bar) return;
    switch (event.type) {
      case 'created':
        return bar.update(0, { state: inert(`task ${bareTaskId(event.taskId).slice(0, 8)}`) });
      case 'status':
        return bar.update(Math.round((event.task.progress ?? 0) * 90), { state: describeStatus(event) });
      case 'download-progress':
        return bar.update(90 + (event.total ? Math.round((event.bytes / event.total) * 10) : 5), {
          state: `downloading ${formatBytes(event.bytes)}`,
        });
      case 'warning':
      case 'notice':
        multi.log(`${inert(event.message)}\n`);
        return;
      default:
        return;
    }
  };
  return {
    sink,
    started: (job, coreJob) =>
      bars.start(job.spec.key, coreJob, multi.create(100, 0, { label: inert(labelOf(job)).slice(0, 16).padEnd(16), state: 'starting' })),
    done: (result) => {
      if (result.state === 'succeeded') ok++;
      else bad++;
      const bar = bars.finish(result.spec.key);
      if (bar) multi.remove(bar);
      overall.increment(1, { state: `✓ ${ok}  ✗ ${bad}` });
    },
    stop: () => multi.stop(),
  };
}

export async function createBatchReporter(total: number, mode: RenderMode): Promise<BatchReporter> {
  if (mode.tty && !mode.quiet && !mode.json) return ttyReporter(total, mode);
  return plainReporter(total, mode);
}

const originNote: Partial<Record<BatchResult['origin'], string>> = {
  'done-before': ' (earlier)',
  'failed-before': ' (earlier)',
  resumed: ' (resumed)',
  'downloaded-again': ' (downloaded again)',
};

/** Past this many jobs the table lists only the ones that did not succeed (the report has every job). */
const tableLimit = 1000;

/** The table of jobs and what needs a look, from a run's entries (in line order) and its tally. */
export function printSummary(jobs: Iterable<ReportJob>, tally: ReportTally): void {
  if (tally.total === 0) return;
  const long = tally.total > tableLimit;
  const rows: string[][] = [];
  for (const r of jobs) {
    if (long && (r.state === 'succeeded' || rows.length >= tableLimit)) continue;
    rows.push([
      jobName(r),
      r.state +
        (r.origin === 'placed' ? ` (placed here by ${r.placed === 'copied' ? 'copy' : 'hard link'})` : (originNote[r.origin] ?? '')),
      r.seconds.toFixed(1),
      r.state === 'succeeded' ? r.files.map((f) => displayPath(f.file)).join(', ') : (r.error?.message ?? ''),
    ]);
  }
  const header = ['JOB', 'STATE', 'SECONDS', 'FILE / PROBLEM'];
  if (rows.length > 0) for (const line of formatTable(header, rows, { alignRight: [2] })) write(line);
  if (long)
    write(
      `(${tally.total} jobs: the table lists ` +
        `${rows.length === tally.total - tally.succeeded ? 'the' : `${rows.length} of the`} ` +
        `${tally.total - tally.succeeded} that did not succeed; --report has every job)`,
    );
  const failed = tally.total - tally.succeeded;
  if (tally.credits !== undefined) write(`credits charged in this run: ${tally.credits}`);
  write(
    failed === 0
      ? `all ${tally.total} jobs succeeded.`
      : `${tally.succeeded} of ${tally.total} succeeded; look at: ${tally.notSucceeded
          .map((r) => `${jobName(r)}${r.id ? ` (line ${r.line})` : ''} [${r.state}]`)
          .join(
            ', ',
          )}${failed > tally.notSucceeded.length ? ` and ${failed - tally.notSucceeded.length} more (see the table or --report)` : ''}`,
  );
  const before = tally.failedBeforeCount;
  if (before > 0) {
    const names = tally.failedBefore.slice(0, 5).map(jobName).join(', ') + (before > 5 ? ` and ${before - 5} more` : '');
    write(
      `${names} failed in an earlier run and ${before === 1 ? 'was' : 'were'} only re-reported; add --retry-failed to ` +
        `submit ${before === 1 ? 'it' : 'them'} again (a new, paid task each).`,
    );
  }
}
