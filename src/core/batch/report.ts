/** Batch results as a JSON report and as JUnit XML (one test case per job) for CI dashboards. */
import { mostSevere } from '../errors.js';
import type { BatchResult } from './run.js';

export interface BatchMeta {
  source: string;
  startedAt: Date;
  finishedAt: Date;
  shard?: string | undefined;
  concurrency: number;
  /** The whole batch file's identity (every line's key), the same for each of its shards. */
  batch?: string | undefined;
}

export function jobName(result: BatchResult): string {
  return result.spec.id ?? `line ${result.spec.line}`;
}

export function batchExitCode(results: readonly BatchResult[]) {
  return mostSevere(results.map((r) => r.exitCode));
}

/** Credits charged in this run across the jobs whose provider reported a charge; undefined when none did. */
export function chargedCredits(results: readonly BatchResult[]): number | undefined {
  const charged = results.filter((r) => r.credits !== undefined);
  return charged.length === 0 ? undefined : charged.reduce((sum, r) => sum + (r.credits as number), 0);
}

export function reportJson(results: readonly BatchResult[], meta: BatchMeta) {
  const count = (state: string) => results.filter((r) => r.state === state).length;
  return {
    version: 1,
    source: meta.source,
    batch: meta.batch ?? null,
    shard: meta.shard ?? null,
    concurrency: meta.concurrency,
    startedAt: meta.startedAt.toISOString(),
    finishedAt: meta.finishedAt.toISOString(),
    seconds: (meta.finishedAt.getTime() - meta.startedAt.getTime()) / 1000,
    total: results.length,
    succeeded: count('succeeded'),
    failed: results.length - count('succeeded'),
    exitCode: batchExitCode(results),
    credits: chargedCredits(results) ?? null,
    jobs: results.map((r) => ({
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
    })),
  };
}

const escapeXml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export type BatchReport = ReturnType<typeof reportJson>;
type ReportJob = BatchReport['jobs'][number];

const isError = (state: string) => state === 'error' || state === 'unknown' || state === 'interrupted';

export function junitXml(results: readonly BatchResult[], meta: BatchMeta): string {
  return junitFromReport(reportJson(results, meta));
}

/** JUnit XML (one test case per job) from a report, a shard's or a merged one. */
export function junitFromReport(report: Pick<BatchReport, 'source' | 'shard' | 'startedAt' | 'seconds'> & { jobs: readonly ReportJob[] }): string {
  const jobs = report.jobs;
  const failures = jobs.filter((j) => j.state !== 'succeeded' && !isError(j.state)).length;
  const errors = jobs.filter((j) => isError(j.state)).length;
  const seconds = report.seconds.toFixed(3);
  const cases = jobs.map((j) => {
    const name = escapeXml(`${j.id ?? `line ${j.line}`}${j.id ? ` (line ${j.line})` : ''}: ${j.model}`);
    const head = `    <testcase classname="runway.batch.${escapeXml(j.provider)}" name="${name}" time="${j.seconds.toFixed(3)}">`;
    if (j.state === 'succeeded') return `${head}\n      <system-out>${escapeXml(j.files.map((f) => f.file).join('\n'))}</system-out>\n    </testcase>`;
    const tag = isError(j.state) ? 'error' : 'failure';
    const message = j.error?.message ?? j.state;
    const detail = [`state: ${j.state} (exit ${j.exitCode})`, j.taskId ? `task: ${j.taskId}` : '', j.error?.failureCode ? `failureCode: ${j.error.failureCode}` : '', message].filter(Boolean).join('\n');
    return `${head}\n      <${tag} message="${escapeXml(message)}" type="${j.state}">${escapeXml(detail)}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="runway batch" tests="${jobs.length}" failures="${failures}" errors="${errors}" time="${seconds}">`,
    `  <testsuite name="${escapeXml(report.source)}${report.shard ? ` [shard ${escapeXml(report.shard)}]` : ''}" tests="${jobs.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}" timestamp="${report.startedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
