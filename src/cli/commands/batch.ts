/**
 * `runway batch <file|->`: validate every line first (exit 2 on any problem unless
 * --skip-invalid), then run the jobs concurrently, resumably, and report.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigStore } from '../../core/session/config.js';
import { DownloadError, ExitCode, UsageError, mostSevere, type ExitCodeValue } from '../../core/errors.js';
import { fsReason } from '../../core/fs-reason.js';
import { reportError } from '../report-error.js';
import { expandHome, stateDirs } from '../../core/session/paths.js';
import { allProviders } from '../../core/session/providers.js';
import { openSession, type Session } from '../../core/session/session.js';
import { planGeneration } from '../../core/generation/plan.js';
import { buildRequest } from '../../core/generation/request-options.js';
import { checkTemplate } from '../../core/download/naming.js';
import { checkOutDir } from '../../core/download/out-dir.js';
import { makeDirs } from '../../core/make-dirs.js';
import { dryRun } from '../../core/generation/dry-run.js';
import { Journal, type JobRecord } from '../../core/journal/journal.js';
import { detectFormat, inShard, parseBatch, type BatchFormat, type BatchJobSpec, type BatchProblem } from '../../core/batch/input.js';
import { runBatch, type BatchJob } from '../../core/batch/run.js';
import { batchExitCode, junitXml, reportJson } from '../../core/batch/report.js';
import { sessionOptions } from '../with-session.js';
import { onInterrupt } from '../interrupt.js';
import { renderMode } from '../render/progress.js';
import { createBatchReporter, printSummary } from '../render/batch-progress.js';
import { checkBudget, printDryRun, totalEstimate } from '../render/dry-run.js';
import { readBalance, reportsBalance } from '../../core/generation/balance.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import type { EventSink } from '../../core/events.js';
import type { HandlerContext } from '../program.js';
import { readStdin } from '../stdin.js';
import { say } from '../render/terminal.js';

async function readSource(source: string): Promise<string> {
  if (source === '-') return readStdin();
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    throw new UsageError(`The batch file ${source} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
  }
}

function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/3 (got "${text}").`);
  return { index, count };
}

function invalidBatch(problems: BatchProblem[], source: string): UsageError {
  const shown = problems.slice(0, 20).map((p) => `  ${source}:${p.line}: ${p.message}`);
  if (problems.length > 20) shown.push(`  … and ${problems.length - 20} more`);
  return new UsageError(`The batch has ${problems.length} invalid line(s); nothing was submitted:\n${shown.join('\n')}`, {
    hint: 'Fix them, or pass --skip-invalid to run the valid lines only.',
  });
}

/** Newest journal record per batch key. */
function previousRuns(journal: Journal): Map<string, JobRecord> {
  const byKey = new Map<string, JobRecord>();
  for (const record of journal.jobs()) {
    const key = record.intent.batchKey;
    if (key && !byKey.has(key)) byKey.set(key, record);
  }
  return byKey;
}

/**
 * Before submitting, a batch whose estimate is above the account's balance is pointed out:
 * jobs would start failing part-way when the credits run out. Only advice: a balance that
 * cannot be read never stops the batch.
 */
async function warnAboveBalance(jobs: readonly BatchJob[]): Promise<void> {
  const bySession = new Map<Session, BatchJob[]>();
  for (const job of jobs) if (reportsBalance(job.session)) bySession.set(job.session, [...(bySession.get(job.session) ?? []), job]);
  for (const [session, own] of bySession) {
    const total = totalEstimate(own.map((j) => dryRun(session, j.plan)));
    if (total.amount === 0 || total.unit !== 'credits') continue;
    const balance = await readBalance(session, { maxRetries: 1 }).catch(() => undefined);
    if (balance && total.amount > balance.credits) {
      say(
        `runway: warning: these ${own.length} jobs are estimated at ${total.amount} credits, above ${session.name}'s balance of ${balance.credits}; jobs will start failing when the credits run out (a re-run after topping up continues where this one stopped).`,
      );
    }
  }
}

export async function run({ args, options, argv }: HandlerContext): Promise<number> {
  const source = args[0] as string;
  const shard = parseShard(options.shard as string | undefined);
  const text = await readSource(source);
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
  const problems = [...parsed.problems];
  const invalidLines = new Set(problems.map((p) => p.line));
  const selected = parsed.jobs.filter((job) => !invalidLines.has(job.line) && (!shard || inShard(job.key, shard)));
  if (shard && selected.length === 0 && !options.quiet && !options.json) {
    say(`runway: shard ${options.shard as string} has none of the batch's ${parsed.jobs.length} job(s); nothing to do.`);
  }

  const mode = renderMode(options);
  const config = new ConfigStore(stateDirs().config);
  const all = allProviders(config.userProviders());
  const interrupt = onInterrupt();
  const sessions = new Map<string, Session>();
  let sink: EventSink = () => undefined;
  const forwardingSink: EventSink = (event) => sink(event);

  const sessionFor = async (spec: BatchJobSpec): Promise<Session> => {
    const provider = spec.provider ?? (options.provider as string | undefined);
    const sameProvider = spec.provider === undefined || spec.provider === options.provider;
    const baseUrl = sameProvider ? (options.baseUrl as string | undefined) : undefined;
    const key = `${provider ?? ''}|${baseUrl ?? ''}`;
    let session = sessions.get(key);
    if (!session) {
      session = await openSession({ ...sessionOptions(options), provider, baseUrl, events: forwardingSink, signal: interrupt.signal, config });
      sessions.set(key, session);
    }
    return session;
  };

  try {
    const outDefault = expandHome((options.out as string | undefined) ?? (config.setting('out-dir') as string | undefined) ?? process.cwd());
    const templateDefault = (options.output as string | undefined) ?? (config.setting('output') as string | undefined);
    for (const [flag, file] of [['--report', options.report], ['--junit', options.junit]] as const) {
      if (typeof file === 'string') await checkOutDir(dirname(resolve(file)), `the ${flag.slice(2)} file`, flag);
    }
    const jobs: BatchJob[] = [];
    for (const spec of selected) {
      try {
        const session = await sessionFor(spec);
        const plan = await planGeneration(session.provider, spec.model, buildRequest(spec.options, spec.options.prompt as string | undefined), all);
        const template = spec.output ?? templateDefault;
        if (template !== undefined) checkTemplate(template);
        const outDir = spec.out ? resolve(expandHome(spec.out)) : outDefault;
        // Every line before anything is paid for; runGeneration checks again right before each create.
        await checkOutDir(outDir);
        jobs.push({ spec, session, plan, outDir, template });
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        problems.push({ line: spec.line, message: error.message.replace(/\n\s*/g, ' ') });
      }
    }
    problems.sort((a, b) => a.line - b.line);
    if (problems.length > 0) {
      if (!options.skipInvalid) throw invalidBatch(problems, sourceName);
      for (const p of problems) say(`runway: skipping line ${p.line}: ${p.message}`);
    }

    const journal = new Journal(stateDirs().state);
    const previous = previousRuns(journal);
    for (const job of jobs) job.previous = previous.get(job.spec.key);
    const toSubmit = jobs.filter((j) => !j.previous || j.previous.phase === 'not-created' || (options.retryFailed && (j.previous.phase === 'failed' || j.previous.phase === 'cancelled')));

    if (options.dryRun || options.maxCredits !== undefined) {
      const previews = toSubmit.map((j) => dryRun(j.session, j.plan));
      if (options.dryRun) printDryRun(previews, mode.json);
      checkBudget(previews, options.maxCredits as number | undefined);
      if (options.dryRun) return 0;
    }
    for (const job of toSubmit) job.session.requireKey();
    if (!mode.quiet) await warnAboveBalance(toSubmit);

    const reporter = await createBatchReporter(jobs.length, mode);
    sink = reporter.sink;
    const startedAt = new Date();
    const results = await runBatch(jobs, (options.concurrency as number | undefined) ?? 4, {
      signal: interrupt.signal,
      command: argv.slice(2),
      retryFailed: options.retryFailed === true,
      onStart: (job, coreJob) => reporter.started(job, coreJob),
      onDone: (result) => reporter.done(result),
    });
    reporter.stop();
    const finishedAt = new Date();
    const meta = { source: sourceName, startedAt, finishedAt, shard: options.shard as string | undefined, concurrency: (options.concurrency as number | undefined) ?? 4 };
    const report = reportJson(results, meta);
    if (mode.json) for (const job of report.jobs) printJson(job);
    else for (const result of results) for (const file of result.files) printLine(displayPath(file.file));
    if (!mode.quiet) printSummary(results);
    const written = await Promise.all([
      writeReport(options.report as string | undefined, () => `${JSON.stringify(report, null, 2)}\n`),
      writeReport(options.junit as string | undefined, () => junitXml(results, meta)),
    ]);
    return mostSevere([batchExitCode(results), ...written]);
  } finally {
    interrupt.dispose();
    await Promise.all([...sessions.values()].map((s) => s.close()));
  }
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
