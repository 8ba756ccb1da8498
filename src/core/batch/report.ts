/** Batch results as a JSON report and as JUnit XML (one test case per job) for CI dashboards. */
import { mostSevere } from '../errors.js';
import type { BatchResult } from './run.js';

export interface BatchMeta {
  source: string;
  startedAt: Date;
  finishedAt: Date;
  shard?: string | undefined;
  concurrency: number;
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

export function junitXml(results: readonly BatchResult[], meta: BatchMeta): string {
  const failures = results.filter((r) => r.state !== 'succeeded' && r.state !== 'error' && r.state !== 'unknown' && r.state !== 'interrupted').length;
  const errors = results.filter((r) => r.state === 'error' || r.state === 'unknown' || r.state === 'interrupted').length;
  const seconds = ((meta.finishedAt.getTime() - meta.startedAt.getTime()) / 1000).toFixed(3);
  const cases = results.map((r) => {
    const name = escapeXml(`${jobName(r)}${r.spec.id ? ` (line ${r.spec.line})` : ''}: ${r.model}`);
    const head = `    <testcase classname="runway.batch.${escapeXml(r.provider)}" name="${name}" time="${r.seconds.toFixed(3)}">`;
    if (r.state === 'succeeded') return `${head}\n      <system-out>${escapeXml(r.files.map((f) => f.file).join('\n'))}</system-out>\n    </testcase>`;
    const tag = r.state === 'error' || r.state === 'unknown' || r.state === 'interrupted' ? 'error' : 'failure';
    const message = r.error?.message ?? r.state;
    const detail = [`state: ${r.state} (exit ${r.exitCode})`, r.taskId ? `task: ${r.taskId}` : '', r.error?.failureCode ? `failureCode: ${r.error.failureCode}` : '', message].filter(Boolean).join('\n');
    return `${head}\n      <${tag} message="${escapeXml(message)}" type="${r.state}">${escapeXml(detail)}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="runway batch" tests="${results.length}" failures="${failures}" errors="${errors}" time="${seconds}">`,
    `  <testsuite name="${escapeXml(meta.source)}${meta.shard ? ` [shard ${escapeXml(meta.shard)}]` : ''}" tests="${results.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}" timestamp="${meta.startedAt.toISOString()}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
