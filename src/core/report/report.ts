/**
 * Batch results as a JSON report and as JUnit XML (one test case per job) for CI dashboards.
 * Both are written from a stream of per-job entries and a running tally, so a batch of 100,000
 * jobs never holds its report in memory (see results.ts).
 */
import { ExitCode, mostSevere, type ExitCodeValue } from '../errors.js';
import type { BatchResult } from '../batch/run.js';

export interface BatchMeta {
  source: string;
  startedAt: Date;
  finishedAt: Date;
  shard?: string | undefined;
  concurrency: number;
  /** The whole batch file's identity (every line's key), the same for each of its shards. */
  batch?: string | undefined;
}

/** One job of a report: what a run decided for one line. */
export function reportJob(r: BatchResult) {
  return {
    id: r.spec.id ?? null,
    key: r.spec.key,
    line: r.spec.line,
    provider: r.provider,
    model: r.model,
    state: r.state,
    origin: r.origin,
    exitCode: r.exitCode,
    taskId: r.taskId ?? null,
    seconds: r.seconds,
    prompt: (r.spec.options.prompt as string | undefined) ?? null,
    seed: r.seed ?? null,
    credits: r.credits ?? null,
    files: r.files.map((f) => ({ file: f.file, bytes: f.bytes, sha256: f.sha256, url: f.url })),
    error: r.error ?? null,
    ...(r.placed ? { placed: r.placed } : {}),
  };
}

export type ReportJob = ReturnType<typeof reportJob>;

export function jobName(job: Pick<ReportJob, 'id' | 'line'>): string {
  return job.id ?? `line ${job.line}`;
}

export function batchExitCode(results: readonly BatchResult[]): ExitCodeValue {
  return mostSevere(results.map((r) => r.exitCode));
}

const isError = (state: string) => state === 'error' || state === 'unknown' || state === 'interrupted';

/** What a report says about all its jobs, kept as they finish: counts, and the first few that need a look. */
export class ReportTally {
  total = 0;
  succeeded = 0;
  /** JUnit's split of the others: failures (the task failed) and errors (no answer). */
  failures = 0;
  errors = 0;
  exitCode: ExitCodeValue = ExitCode.ok;
  /** Credits charged in this run across the jobs whose provider reported a charge; undefined when none did. */
  credits: number | undefined;
  /** The first jobs that did not succeed, and the first that only re-reported an earlier failure. */
  readonly notSucceeded: ReportJob[] = [];
  readonly failedBefore: ReportJob[] = [];
  failedBeforeCount = 0;

  constructor(private readonly keep = 10) {}

  add(job: ReportJob): void {
    this.total++;
    this.exitCode = mostSevere([this.exitCode, job.exitCode]);
    if (job.credits !== null) this.credits = (this.credits ?? 0) + job.credits;
    if (job.state === 'succeeded') {
      this.succeeded++;
      return;
    }
    if (isError(job.state)) this.errors++;
    else this.failures++;
    if (this.notSucceeded.length < this.keep) this.notSucceeded.push(job);
    if (job.origin === 'failed-before') {
      this.failedBeforeCount++;
      if (this.failedBefore.length < this.keep) this.failedBefore.push(job);
    }
  }

  static of(jobs: Iterable<ReportJob>): ReportTally {
    const tally = new ReportTally();
    for (const job of jobs) tally.add(job);
    return tally;
  }
}

/** Everything of a report but its jobs. */
export function reportHead(meta: BatchMeta, tally: ReportTally) {
  return {
    version: 1,
    source: meta.source,
    batch: meta.batch ?? null,
    shard: meta.shard ?? null,
    concurrency: meta.concurrency,
    startedAt: meta.startedAt.toISOString(),
    finishedAt: meta.finishedAt.toISOString(),
    seconds: (meta.finishedAt.getTime() - meta.startedAt.getTime()) / 1000,
    total: tally.total,
    succeeded: tally.succeeded,
    failed: tally.total - tally.succeeded,
    exitCode: tally.exitCode,
    credits: tally.credits ?? null,
  };
}

export type BatchReport = ReturnType<typeof reportHead> & { jobs: ReportJob[] };

/** The report as `JSON.stringify(report, null, 2)` would write it, a piece at a time. */
export function* reportText(head: ReturnType<typeof reportHead>, jobs: Iterable<ReportJob>): Generator<string> {
  const opening = JSON.stringify({ ...head, jobs: [] }, null, 2);
  yield opening.slice(0, opening.lastIndexOf('[') + 1);
  let count = 0;
  for (const job of jobs) yield `${count++ === 0 ? '' : ','}\n    ${JSON.stringify(job, null, 2).replace(/\n/g, '\n    ')}`;
  yield count === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

/** The report as one line, as `JSON.stringify(report)` would write it (stdout), a piece at a time. */
export function* reportLine(head: ReturnType<typeof reportHead>, jobs: Iterable<ReportJob>): Generator<string> {
  const opening = JSON.stringify({ ...head, jobs: [] });
  yield opening.slice(0, opening.lastIndexOf('[') + 1);
  let count = 0;
  for (const job of jobs) yield `${count++ === 0 ? '' : ','}${JSON.stringify(job)}`;
  yield ']}\n';
}

const escapeXml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function junitCase(j: ReportJob): string {
  const name = escapeXml(`${j.id ?? `line ${j.line}`}${j.id ? ` (line ${j.line})` : ''}: ${j.model}`);
  const head = `    <testcase classname="runway.batch.${escapeXml(j.provider)}" name="${name}" time="${j.seconds.toFixed(3)}">`;
  if (j.state === 'succeeded')
    return `${head}\n      <system-out>${escapeXml(j.files.map((f) => f.file).join('\n'))}</system-out>\n    </testcase>\n`;
  const tag = isError(j.state) ? 'error' : 'failure';
  const message = j.error?.message ?? j.state;
  const detail = [
    `state: ${j.state} (exit ${j.exitCode})`,
    j.taskId ? `task: ${j.taskId}` : '',
    j.error?.failureCode ? `failureCode: ${j.error.failureCode}` : '',
    message,
  ]
    .filter(Boolean)
    .join('\n');
  return `${head}\n      <${tag} message="${escapeXml(message)}" type="${j.state}">${escapeXml(detail)}</${tag}>\n    </testcase>\n`;
}

/** JUnit XML (one test case per job) from a report's head and jobs, a shard's or a merged one, a piece at a time. */
export function* junitText(
  head: Pick<BatchReport, 'source' | 'shard' | 'startedAt' | 'seconds'>,
  tally: ReportTally,
  jobs: Iterable<ReportJob>,
): Generator<string> {
  const seconds = head.seconds.toFixed(3);
  const counts = `tests="${tally.total}" failures="${tally.failures}" errors="${tally.errors}"`;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="runway batch" ${counts} time="${seconds}">\n`;
  yield (
    `  <testsuite name="${escapeXml(head.source)}${head.shard ? ` [shard ${escapeXml(head.shard)}]` : ''}" ${counts} ` +
    `skipped="0" time="${seconds}" timestamp="${head.startedAt}">\n`
  );
  for (const job of jobs) yield junitCase(job);
  yield '  </testsuite>\n</testsuites>\n';
}
