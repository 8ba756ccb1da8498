/**
 * Shard reports (`runway batch --shard i/n --report …` on several runners) combined into one
 * report, refusing reports of different batches, the same shard twice, or a job in two shards.
 */
import { UsageError } from '../errors.js';
import { mostSevere, type ExitCodeValue } from '../errors.js';
import type { BatchReport } from './report.js';

export function mergeReports(reports: readonly { file: string; report: BatchReport }[]): BatchReport {
  const [first] = reports;
  if (!first) throw new UsageError('Give the shard reports to merge.');
  for (const { file, report } of reports) {
    if (report.version !== 1 || !Array.isArray(report.jobs)) throw new UsageError(`${file} is not a runway batch report (written by \`runway batch --report\`).`);
    if (report.batch !== first.report.batch || report.source !== first.report.source) {
      throw new UsageError(`${file} is a report of another batch (${report.source}) than ${first.file} (${first.report.source}); not merging them.`);
    }
  }
  const shards = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const { file, report } of reports) {
    const shard = report.shard ?? 'all';
    const earlier = shards.get(shard);
    if (earlier) throw new UsageError(`${file} and ${earlier} are both shard ${shard}; give each shard's report once.`);
    shards.set(shard, file);
    for (const job of report.jobs) {
      const seen = owner.get(job.key);
      if (seen) throw new UsageError(`Line ${job.line} (${job.id ?? job.key}) is in both ${seen} and ${file}: the shards overlap.`);
      owner.set(job.key, file);
    }
  }
  const all = reports.map((r) => r.report);
  const jobs = all.flatMap((r) => r.jobs).sort((a, b) => a.line - b.line);
  const startedAt = all.map((r) => r.startedAt).sort()[0] as string;
  const finishedAt = all.map((r) => r.finishedAt).sort().at(-1) as string;
  const credits = all.filter((r) => r.credits !== null).reduce<number | null>((sum, r) => (sum ?? 0) + (r.credits as number), null);
  return {
    ...first.report,
    shard: null,
    startedAt,
    finishedAt,
    seconds: (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000,
    total: jobs.length,
    succeeded: jobs.filter((j) => j.state === 'succeeded').length,
    failed: jobs.filter((j) => j.state !== 'succeeded').length,
    exitCode: mostSevere(all.map((r) => r.exitCode as ExitCodeValue)),
    credits,
    jobs,
  };
}
