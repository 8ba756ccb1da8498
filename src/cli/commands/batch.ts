/**
 * `runway batch <file|->`: validate every line first (exit 2 on any problem unless
 * --skip-invalid), then run the jobs concurrently, resumably, and report.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigStore } from '../../core/session/config.js';
import { DownloadError, ExitCode, UsageError, mostSevere, type ExitCodeValue } from '../../core/errors.js';
import { fsReason } from '../../core/fs-reason.js';
import { stateDirs } from '../../core/paths.js';
import { SessionPool } from '../../core/session/pool.js';
import { checkOutDir } from '../../core/download/out-dir.js';
import { makeDirs } from '../../core/make-dirs.js';
import { detectFormat, jobKey, parseBatch, type BatchFormat } from '../../core/batch/input.js';
import { balanceWarnings, parseShard, prepareBatch, previewsOf } from '../../core/batch/prepare.js';
import { runBatch } from '../../core/batch/run.js';
import { batchExitCode, junitXml, reportJson } from '../../core/batch/report.js';
import { reportError } from '../report-error.js';
import { sessionOptions } from '../with-session.js';
import { onInterrupt } from '../interrupt.js';
import { renderMode } from '../render/progress.js';
import { createBatchReporter, printSummary } from '../render/batch-progress.js';
import { dryRunWithBudget } from '../render/dry-run.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import { readSource } from '../read-source.js';
import { exportRecords, writeStateFile } from '../../core/journal/portable.js';
import { openJournal } from '../jobs.js';
import type { EventSink } from '../../core/events.js';
import type { HandlerContext } from '../program.js';
import type { BatchFlags } from '../flags.js';

export async function run({ args, options, argv }: HandlerContext<BatchFlags>): Promise<number> {
  const source = args[0] as string;
  const shard = parseShard(options.shard);
  const text = await readSource(source, 'batch file');
  const baseDir = source === '-' ? process.cwd() : dirname(resolve(source));
  const format = (options.format as BatchFormat | undefined) ?? detectFormat(text, source === '-' ? undefined : source);
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format must be jsonl or csv (got "${String(format)}").`);
  const sourceName = source === '-' ? 'stdin' : source;
  if (!text.trim()) throw new UsageError(`The batch ${sourceName} is empty.`);
  const parsed = parseBatch(text, format, baseDir);
  // An empty batch in CI is usually a generating step that failed: say so rather than pass.
  if (parsed.jobs.length === 0 && parsed.problems.length === 0) {
    throw new UsageError(`The batch ${sourceName} has no jobs: ${format === 'csv' ? 'no rows under the header' : 'every line is blank or a comment'}.`);
  }

  const mode = renderMode(options);
  const config = new ConfigStore(stateDirs().config);
  const interrupt = onInterrupt();
  let sink: EventSink = () => undefined;
  const sessions = new SessionPool({ ...sessionOptions(options), events: (event) => sink(event), signal: interrupt.signal, config });
  const exportState = stateExporter(options.exportState, new Set(parsed.jobs.map((j) => j.key)));
  try {
    for (const [flag, file] of [['--report', options.report], ['--junit', options.junit]] as const) {
      if (typeof file === 'string') await checkOutDir(dirname(resolve(file)), `the ${flag.slice(2)} file`, flag);
    }
    const settings = {
      provider: options.provider,
      baseUrl: options.baseUrl,
      out: options.out,
      output: options.output,
      shard,
      retryFailed: options.retryFailed === true,
      skipInvalid: options.skipInvalid === true,
      allowAnyOut: options.allowAnyOut === true,
    };
    const { jobs, toSubmit, skipped } = await prepareBatch(parsed.jobs, parsed.problems, sourceName, settings, sessions, config);
    if (shard && jobs.length === 0 && skipped.length === 0 && !options.quiet && !options.json) {
      say(`runway: shard ${options.shard} has none of the batch's ${parsed.jobs.length} job(s); nothing to do.`);
    }
    for (const p of skipped) say(`runway: skipping line ${p.line}: ${p.message}`);

    if (options.dryRun || options.maxCredits !== undefined) {
      const previews = previewsOf(toSubmit);
      dryRunWithBudget(previews, { dryRun: options.dryRun === true, maxCredits: options.maxCredits, json: mode.json });
      if (options.dryRun) return 0;
    }
    for (const job of toSubmit) job.session.requireKey();
    if (!mode.quiet) for (const warning of await balanceWarnings(toSubmit)) say(`runway: warning: ${warning}`);

    const reporter = await createBatchReporter(jobs.length, mode);
    // A new task id is what a replacement runner most needs: export it as soon as it exists.
    sink = (event) => {
      reporter.sink(event);
      if (event.type === 'created') exportState.soon();
    };
    const startedAt = new Date();
    const concurrency = options.concurrency ?? 4;
    const results = await runBatch(jobs, concurrency, {
      signal: interrupt.signal,
      command: argv.slice(2),
      retryFailed: settings.retryFailed,
      onStart: (job, coreJob) => reporter.started(job, coreJob),
      onDone: (result) => {
        reporter.done(result);
        exportState.soon();
      },
    });
    reporter.stop();
    const meta = { source: sourceName, startedAt, finishedAt: new Date(), shard: options.shard, concurrency, batch: jobKey({ keys: parsed.jobs.map((j) => j.key) }) };
    const report = reportJson(results, meta);
    if (mode.json) for (const job of report.jobs) printJson(job);
    else for (const result of results) for (const file of result.files) printLine(displayPath(file.file));
    if (!mode.quiet) printSummary(results);
    const written = await Promise.all([
      writeReport(options.report, () => `${JSON.stringify(report, null, 2)}\n`),
      writeReport(options.junit, () => junitXml(results, meta)),
    ]);
    return mostSevere([batchExitCode(results), ...written]);
  } finally {
    interrupt.dispose();
    // Also after Ctrl-C or a failure: the state file is what a replacement runner starts from.
    exportState.now();
    await sessions.closeAll();
  }
}

/**
 * --export-state: the batch's journal records, rewritten atomically as jobs finish (at most once
 * a second) and once at the end, so a CI step that runs `if: always()` has a recent copy.
 */
function stateExporter(file: string | undefined, keys: ReadonlySet<string>): { soon(): void; now(): void } {
  let last = 0;
  let pending: NodeJS.Timeout | undefined;
  const now = () => {
    if (file === undefined) return;
    clearTimeout(pending);
    pending = undefined;
    last = Date.now();
    writeStateFile(file, exportRecords(openJournal(), keys));
  };
  const soon = () => {
    if (file === undefined || pending) return;
    const wait = last + 1000 - Date.now();
    if (wait <= 0) return now();
    // The last change of a burst is written too, a moment later.
    pending = setTimeout(now, wait);
    pending.unref();
  };
  return { soon, now };
}

/** Writes a --report/--junit file after the run; a failure is reported without hiding the jobs' own result. */
async function writeReport(file: string | undefined, content: () => string): Promise<ExitCodeValue> {
  if (file === undefined) return ExitCode.ok;
  try {
    makeDirs(dirname(resolve(file)));
    await writeFile(file, content());
    return ExitCode.ok;
  } catch (error) {
    const reason = fsReason(error);
    if (!reason) throw error;
    reportError(new DownloadError(`Cannot write ${file}: ${reason}.`, { hint: 'The jobs themselves are recorded in the journal: `runway list` shows them.' }));
    return ExitCode.download;
  }
}
