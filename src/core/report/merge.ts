/**
 * Shard reports (`runway batch --shard i/n --report …` on several runners) combined into one
 * report, refusing reports of different batches, the same shard twice, or a job in two shards.
 * The reports are read through twice, never held: once to check them and count, then once for
 * each output, their jobs merged in line order as they are read.
 */
import { UsageError, mostSevere } from '../errors.js';
import { KeyLines } from '../batch/key-lines.js';
import { ReportFile, type ReportHead } from './report-file.js';
import { ReportTally, type ReportJob } from './report.js';

export interface MergedReports {
  head: ReportHead;
  /** Shards of the batch no report was given for ("3/3"): the merge is partial. */
  missing: string[];
  tally: ReportTally;
  /** The jobs of every report in line order, read again on each call. */
  jobs(): Iterable<ReportJob>;
}

export function mergeReportFiles(paths: readonly string[]): MergedReports {
  const files = paths.map((path) => new ReportFile(path));
  const [first] = files;
  if (!first) throw new UsageError('Give the shard reports to merge.');
  const shards = new Map<string, string>();
  // The report each job key was met in (1-based): 12 bytes a job, whatever the number of jobs.
  const owners = new KeyLines();
  const tally = new ReportTally();
  let inLineOrder = true;
  files.forEach((file, index) => {
    let checked = false;
    let previousLine = 0;
    let count = 0;
    for (const job of file.jobs()) {
      // The head comes before the jobs in a report `runway batch` wrote: checked at the first one.
      if (!checked) {
        checkHead(file, first, shards);
        checked = true;
      }
      const seen = owners.get(job.key);
      if (seen !== undefined)
        throw new UsageError(
          `Line ${job.line} (${job.id ?? job.key}) is in both ${files[seen - 1]?.path} and ${file.path}: the shards overlap.`,
        );
      owners.set(job.key, index + 1);
      if (job.line < previousLine) inLineOrder = false;
      previousLine = job.line;
      tally.add(job);
      count++;
    }
    if (!checked) checkHead(file, first, shards);
    // A report lists every job it counts: fewer means `jobs` is not what runway wrote.
    if (file.head.total !== count)
      throw new UsageError(
        `${file.path} says it has ${String(file.head.total)} jobs but lists ${count}; it is not a report as \`runway batch\` writes them.`,
      );
  });
  const heads = files.map((file) => file.head as ReportHead);
  const startedAt = heads.map((h) => h.startedAt).sort()[0] as string;
  const finishedAt = heads
    .map((h) => h.finishedAt)
    .sort()
    .at(-1) as string;
  const charged = heads.filter((h) => h.credits !== null && h.credits !== undefined);
  const head: ReportHead = {
    version: 1,
    source: first.head.source as string,
    batch: first.head.batch ?? null,
    shard: null,
    concurrency: first.head.concurrency as number,
    startedAt,
    finishedAt,
    seconds: (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000,
    total: tally.total,
    succeeded: tally.succeeded,
    failed: tally.total - tally.succeeded,
    exitCode: mostSevere(heads.map((h) => h.exitCode)),
    credits: charged.length > 0 ? charged.reduce((sum, h) => sum + (h.credits as number), 0) : null,
  };
  return {
    head,
    tally,
    missing: missingShards(shards),
    jobs: () => (inLineOrder ? byLine(files) : [...files.flatMap((file) => [...file.jobs()])].sort((a, b) => a.line - b.line)),
  };
}

/** Refuses a report of another batch than the first, or a shard given twice. */
function checkHead(file: ReportFile, first: ReportFile, shards: Map<string, string>): void {
  const { head } = file;
  if (head.version !== 1 || typeof head.source !== 'string' || typeof head.startedAt !== 'string' || typeof head.finishedAt !== 'string')
    throw file.notAReport();
  if (file !== first && (head.batch !== first.head.batch || head.source !== first.head.source)) {
    throw new UsageError(
      `${file.path} is a report of another batch (${head.source}) than ${first.path} (${first.head.source}); not merging them.`,
    );
  }
  const shard = head.shard ?? 'all';
  const earlier = shards.get(shard);
  if (earlier) throw new UsageError(`${file.path} and ${earlier} are both shard ${shard}; give each shard's report once.`);
  shards.set(shard, file.path);
}

/** The shards of an `i/n` split that no report was given for; none for an unsharded report. */
function missingShards(shards: ReadonlyMap<string, string>): string[] {
  const counts = new Set<number>();
  for (const shard of shards.keys()) {
    const n = /^\d+\/(\d+)$/.exec(shard)?.[1];
    if (n !== undefined) counts.add(Number(n));
  }
  if (counts.size > 1)
    throw new UsageError(`The reports split the batch in different ways (${[...shards.keys()].join(', ')}); give the reports of one run.`);
  const [count] = counts;
  if (count === undefined) return [];
  return Array.from({ length: count }, (_, i) => `${i + 1}/${count}`).filter((shard) => !shards.has(shard));
}

/** The jobs of reports that each list theirs in line order, merged in line order as they are read. */
function* byLine(files: readonly ReportFile[]): Generator<ReportJob> {
  const cursors = files.map((file) => {
    const jobs = file.jobs();
    return { jobs, next: jobs.next() };
  });
  try {
    for (;;) {
      let best: (typeof cursors)[number] | undefined;
      for (const cursor of cursors)
        if (!cursor.next.done && (!best || cursor.next.value.line < (best.next.value as ReportJob).line)) best = cursor;
      if (!best) return;
      yield best.next.value as ReportJob;
      best.next = best.jobs.next();
    }
  } finally {
    // Stopped early (a failed write): each report's file is closed.
    for (const cursor of cursors) cursor.jobs.return(undefined);
  }
}
