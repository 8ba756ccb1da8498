/**
 * Batch progress on stderr. TTY: one cli-progress bar per running job plus a total bar.
 * Otherwise: one line per job state change. The summary table comes at the end either way.
 */
import type { CoreEvent, EventSink } from '../../core/events.js';
import type { BatchJob, BatchResult } from '../../core/batch/run.js';
import { chargedCredits, jobName } from '../../core/batch/report.js';
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
const write = (line: string) => say(line);

function plainReporter(total: number, mode: RenderMode): BatchReporter {
  const labels = new Map<string, string>();
  const states = new Map<string, string>();
  let finished = 0;
  const silent = mode.quiet || mode.json;
  const say = (job: string | undefined, text: string) => {
    if (silent) return;
    write(`runway: [${String(finished).padStart(String(total).length)}/${total}] ${job ? (labels.get(job) ?? 'batch') : 'batch'}: ${text}`);
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
        if (!job || states.get(job) === state) return;
        states.set(job, state);
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
    started: (job, coreJob) => labels.set(coreJob, labelOf(job)),
    done: (result) => {
      finished++;
      if (silent) return;
      const label = jobName(result);
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
    { stream: process.stderr, hideCursor: true, clearOnComplete: false, format: '{label} {bar} {percentage}% {state}', barsize: 20, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const overall = multi.create(total, 0, { label: 'total'.padEnd(16), state: '' });
  const bars = new Map<string, ReturnType<typeof multi.create>>();
  let ok = 0;
  let bad = 0;
  const sink: EventSink = (event) => {
    if (event.type === 'trace') {
      if (mode.debug) multi.log(`${inert(`debug: ${event.line}`)}\n`);
      return;
    }
    const bar = 'job' in event && event.job ? bars.get(event.job) : undefined;
    if (!bar) return;
    switch (event.type) {
      case 'created':
        return bar.update(0, { state: inert(`task ${event.taskId.slice(0, 8)}`) });
      case 'status':
        return bar.update(Math.round((event.task.progress ?? 0) * 90), { state: describeStatus(event) });
      case 'download-progress':
        return bar.update(90 + (event.total ? Math.round((event.bytes / event.total) * 10) : 5), { state: `downloading ${formatBytes(event.bytes)}` });
      case 'warning':
      case 'notice':
        multi.log(`${inert(event.message)}\n`);
        return;
      default:
        return;
    }
  };
  const coreJobOf = new Map<string, string>();
  return {
    sink,
    started: (job, coreJob) => {
      coreJobOf.set(job.spec.key, coreJob);
      bars.set(coreJob, multi.create(100, 0, { label: inert(labelOf(job)).slice(0, 16).padEnd(16), state: 'starting' }));
    },
    done: (result) => {
      if (result.state === 'succeeded') ok++;
      else bad++;
      const coreJob = coreJobOf.get(result.spec.key);
      const bar = coreJob ? bars.get(coreJob) : undefined;
      if (coreJob && bar) {
        multi.remove(bar);
        bars.delete(coreJob);
      }
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

export function printSummary(results: readonly BatchResult[]): void {
  if (results.length === 0) return;
  const rows = results.map((r) => [
    jobName(r),
    r.state + (r.origin === 'placed' ? ` (placed here by ${r.placed === 'copied' ? 'copy' : 'hard link'})` : (originNote[r.origin] ?? '')),
    r.seconds.toFixed(1),
    r.state === 'succeeded' ? r.files.map((f) => displayPath(f.file)).join(', ') : (r.error?.message ?? ''),
  ]);
  const header = ['JOB', 'STATE', 'SECONDS', 'FILE / PROBLEM'];
  for (const line of formatTable(header, rows, { alignRight: [2] })) write(line);
  const failed = results.filter((r) => r.state !== 'succeeded');
  const succeeded = results.length - failed.length;
  const credits = chargedCredits(results);
  if (credits !== undefined) write(`credits charged in this run: ${credits}`);
  write(
    failed.length === 0
      ? `all ${results.length} jobs succeeded.`
      : `${succeeded} of ${results.length} succeeded; look at: ${failed
          .slice(0, 10)
          .map((r) => `${jobName(r)}${r.spec.id ? ` (line ${r.spec.line})` : ''} [${r.state}]`)
          .join(', ')}${failed.length > 10 ? ` and ${failed.length - 10} more (see the table or --report)` : ''}`,
  );
  const before = failed.filter((r) => r.origin === 'failed-before');
  if (before.length > 0) {
    const names = before.slice(0, 5).map(jobName).join(', ') + (before.length > 5 ? ` and ${before.length - 5} more` : '');
    write(`${names} failed in an earlier run and ${before.length === 1 ? 'was' : 'were'} only re-reported; add --retry-failed to submit ${before.length === 1 ? 'it' : 'them'} again (a new, paid task each).`);
  }
}
