/**
 * `runway batch <file|->`: validate every line first (exit 2 on any problem unless
 * --skip-invalid), then run the jobs concurrently, resumably, and report.
 */
import { dirname, resolve } from 'node:path';
import { ConfigStore } from '../../core/session/config.js';
import { DownloadError, ExitCode, UsageError, mostSevere, type ExitCodeValue } from '../../core/errors.js';
import { fsReason } from '../../core/files/fs-reason.js';
import { stateDirs } from '../../core/paths.js';
import { SessionPool } from '../../core/session/pool.js';
import { checkOutDir } from '../../core/download/out-dir.js';
import { makeDirs } from '../../core/files/make-dirs.js';
import { checkOutputFile, writeTextWhole } from '../../core/files/whole.js';
import { detectFormat, type BatchFormat } from '../../core/batch/input.js';
import { balanceWarnings, parseShard } from '../../core/batch/prepare.js';
import { checkBatch, type BatchFile } from '../../core/batch/check.js';
import { previewsOfFile, runBatchFile } from '../../core/batch/run-file.js';
import { ResultLog } from '../../core/batch/results.js';
import { readHead, type BatchSource } from '../../core/batch/source.js';
import { junitText, reportHead, reportText } from '../../core/batch/report.js';
import { reportError } from '../render/report-error.js';
import { sessionOptions } from '../session/with-session.js';
import { onInterrupt } from '../session/interrupt.js';
import { renderMode } from '../render/progress.js';
import { createBatchReporter, printSummary } from '../render/batch-progress.js';
import { dryRunWithBudget } from '../render/dry-run.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import { readStdin } from '../parse/stdin.js';
import { StateExporter } from '../session/state-exporter.js';
import type { EventSink } from '../../core/events.js';
import type { HandlerContext } from '../handler.js';
import type { BatchFlags } from '../options/flags.js';

export async function run({ args, options, argv }: HandlerContext<BatchFlags>): Promise<number> {
  const file = await batchFile(args[0] as string, options.format);
  const shard = parseShard(options.shard);
  const mode = renderMode(options);
  const config = new ConfigStore(stateDirs().config);
  const interrupt = onInterrupt();
  let sink: EventSink = () => undefined;
  const sessions = new SessionPool({ ...sessionOptions(options), events: (event) => sink(event), signal: interrupt.signal, config });
  let exportState: StateExporter | undefined;
  let results: ResultLog | undefined;
  try {
    for (const [flag, file] of [
      ['--report', options.report],
      ['--junit', options.junit],
    ] as const) {
      if (typeof file === 'string') {
        await checkOutDir(dirname(resolve(file)), `the ${flag.slice(2)} file`, flag);
        checkOutputFile(file, flag, [args[0] as string]);
      }
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
      dryRun: options.dryRun === true,
    };
    const checked = await checkBatch(file, settings, sessions, config);
    if (shard && checked.selected === 0 && checked.skipped.length === 0 && !options.quiet && !options.json) {
      say(`runway: shard ${options.shard} has none of the batch's ${checked.keys.size} job(s); nothing to do.`);
    }
    for (const p of checked.skipped) say(`runway: skipping line ${p.line}: ${p.message}`);

    if (options.dryRun || options.maxCredits !== undefined) {
      await dryRunWithBudget(
        { stream: previewsOfFile(checked, settings, sessions, config), total: checked.total },
        { dryRun: options.dryRun === true, maxCredits: options.maxCredits, json: mode.json },
      );
      if (options.dryRun) return 0;
    }
    for (const session of checked.costs.keys()) session.requireKey();
    if (!mode.quiet) for (const warning of await balanceWarnings(checked.costs)) say(`runway: warning: ${warning}`);

    // Before anything is paid for: a state file that cannot be written stops the batch here.
    const exporter = (exportState = new StateExporter(options.exportState, checked.keys));
    exporter.start();
    const reporter = await createBatchReporter(checked.selected, mode);
    // A new task id is what a replacement runner most needs: export it as soon as it exists.
    sink = (event) => {
      reporter.sink(event);
      if (event.type === 'created' && event.job !== undefined) exporter.created(event.job);
    };
    const startedAt = new Date();
    const concurrency = options.concurrency ?? 4;
    const log = (results = new ResultLog());
    await runBatchFile(checked, settings, sessions, config, concurrency, {
      signal: interrupt.signal,
      command: argv.slice(2),
      retryFailed: settings.retryFailed,
      onStart: (job, coreJob) => reporter.started(job, coreJob),
      onDone: (result) => {
        reporter.done(result);
        log.add(result);
        exporter.soon();
      },
    });
    reporter.stop();
    const meta = { source: file.name, startedAt, finishedAt: new Date(), shard: options.shard, concurrency, batch: checked.batch };
    const head = reportHead(meta, log.tally);
    if (mode.json) for (const job of log.jobs()) printJson(job);
    else for (const job of log.jobs()) for (const saved of job.files) printLine(displayPath(saved.file));
    if (!mode.quiet) printSummary(log.jobs(), log.tally);
    const written = await Promise.all([
      writeReport(options.report, () => reportText(head, log.jobs())),
      writeReport(options.junit, () => junitText(head, log.tally, log.jobs())),
    ]);
    return mostSevere([log.tally.exitCode, ...written, exporter.finish()]);
  } finally {
    interrupt.dispose();
    // Also after a failure: the state file is what a replacement runner starts from.
    exportState?.finish();
    results?.close();
    await sessions.closeAll();
  }
}

/** The batch file named on the command line ("-": stdin, read whole), and how its lines are written. */
async function batchFile(source: string, format: string | undefined): Promise<BatchFile> {
  const name = source === '-' ? 'stdin' : source;
  let input: BatchSource;
  let head: string;
  if (source === '-') {
    head = await readStdin();
    input = { text: head };
  } else {
    head = await readHead(source);
    input = { path: source };
  }
  const chosen = (format as BatchFormat | undefined) ?? detectFormat(head, source === '-' ? undefined : source);
  if (chosen !== 'jsonl' && chosen !== 'csv') throw new UsageError(`--format must be jsonl or csv (got "${String(chosen)}").`);
  if (!head.trim()) throw new UsageError(`The batch ${name} is empty.`);
  return { source: input, format: chosen, baseDir: source === '-' ? process.cwd() : dirname(resolve(source)), name };
}

/** Writes a --report/--junit file after the run; a failure is reported without hiding the jobs' own result. */
async function writeReport(file: string | undefined, content: () => Iterable<string>): Promise<ExitCodeValue> {
  if (file === undefined) return ExitCode.ok;
  try {
    makeDirs(dirname(resolve(file)));
    await writeTextWhole(file, content());
    return ExitCode.ok;
  } catch (error) {
    const reason = fsReason(error);
    if (!reason) throw error;
    reportError(
      new DownloadError(`Cannot write ${file}: ${reason}.`, {
        hint: 'The jobs themselves are recorded in the journal: `runway list` shows them.',
      }),
    );
    return ExitCode.download;
  }
}
