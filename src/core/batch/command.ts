/**
 * `runway batch` from its typed ask to its outcome: every line checked and priced (first pass),
 * previewed or refused over budget, then run (second pass) with the state file kept current, and
 * the report and JUnit file written. The finished jobs wait in a result log that the front end
 * reads back to show them, then closes.
 */
import { GalleryUpdater, checkGalleryFolder } from '../gallery/command.js';
import { dirname, resolve } from 'node:path';
import { DownloadError, ExitCode, mostSevere, type ExitCodeValue } from '../errors.js';
import { fsReason } from '../files/fs-reason.js';
import { makeDirs } from '../files/make-dirs.js';
import { checkOutputFile, writeTextWhole } from '../files/whole.js';
import { checkOutDir } from '../download/out-dir.js';
import { budgetGate, ledgerOf, type Budget, type BudgetPreview } from '../cost/budget.js';
import { checkBatch, type BatchFile } from './check.js';
import { previewsOfFile, runBatchFile } from './run-file.js';
import { balanceWarnings, type BatchSettings } from './prepare.js';
import { ResultLog } from '../report/results.js';
import { junitText, reportHead, reportText } from '../report/report.js';
import { StateExporter } from './state-exporter.js';
import type { WatchRun } from './run.js';
import type { EventSink } from '../events.js';
import type { SessionPool } from '../session/pool.js';
import type { ConfigStore } from '../session/config.js';
import type { Journal } from '../journal/journal.js';

export interface BatchAsk {
  file: BatchFile;
  settings: BatchSettings;
  /** --shard as typed ("2/3"), for messages and the report. */
  shard?: string | undefined;
  concurrency: number;
  budget: Budget;
  report?: string | undefined;
  junit?: string | undefined;
  exportState?: string | undefined;
  /** --gallery: a page of the batch's jobs in this folder, kept current as they finish. */
  gallery?: string | undefined;
  command: string[];
}

export interface BatchScope {
  sessions: SessionPool;
  config: ConfigStore;
  journal: Journal;
  signal: AbortSignal;
  events: EventSink;
}

export type BatchOutcome =
  | { kind: 'preview'; preview: BudgetPreview }
  /** `unsaved`: files of the run that could not be written (report, JUnit, state file), worded for the user. */
  | { kind: 'run'; results: ResultLog; exitCode: ExitCodeValue; unsaved: DownloadError[] };

/** A --report/--junit file written after the run; a failure is kept to report without hiding the jobs' own result. */
async function writeAfter(file: string | undefined, content: () => Iterable<string>): Promise<DownloadError | undefined> {
  if (file === undefined) return undefined;
  try {
    makeDirs(dirname(resolve(file)));
    await writeTextWhole(file, content());
    return undefined;
  } catch (error) {
    const reason = fsReason(error);
    if (!reason) throw error;
    return new DownloadError(`Cannot write ${file}: ${reason}.`, {
      hint: 'The jobs themselves are recorded in the journal: `runway list` shows them.',
    });
  }
}

/** The gallery's last writing; a failure is kept to report, like the report file's. */
async function galleryAfter(gallery: GalleryUpdater | undefined): Promise<DownloadError | undefined> {
  try {
    await gallery?.finish();
    return undefined;
  } catch (error) {
    return new DownloadError(`Cannot write the gallery: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'The jobs are recorded in the journal: `runway gallery --batch <file>` writes it again.',
    });
  }
}

export async function batchCommand(scope: BatchScope, ask: BatchAsk, watch: WatchRun): Promise<BatchOutcome> {
  const { sessions, config, events, settings } = { ...scope, settings: ask.settings };
  for (const [flag, file] of [
    ['--report', ask.report],
    ['--junit', ask.junit],
  ] as const) {
    if (file === undefined) continue;
    await checkOutDir(dirname(resolve(file)), `the ${flag.slice(2)} file`, flag);
    checkOutputFile(file, flag, [ask.file.name]);
  }
  if (ask.gallery !== undefined) checkGalleryFolder(ask.gallery);
  const checked = await checkBatch(ask.file, settings, sessions, config);
  if (settings.shard && checked.selected === 0 && checked.skipped.length === 0) {
    events({ type: 'notice', message: `shard ${ask.shard} has none of the batch's ${checked.keys.size} job(s); nothing to do.` });
  }
  for (const problem of checked.skipped) events({ type: 'notice', message: `skipping line ${problem.line}: ${problem.message}` });
  const preview = budgetGate(ask.budget, () => ({ stream: previewsOfFile(checked, settings, sessions, config), total: checked.total }));
  if (preview) return { kind: 'preview', preview };
  for (const session of checked.costs.keys()) session.requireKey();
  for (const message of await balanceWarnings(checked.costs)) events({ type: 'warning', message });

  // Before anything is paid for: a state file that cannot be written stops the batch here.
  const exporter = new StateExporter(ask.exportState, checked.keys, scope.journal, events);
  exporter.start();
  const gallery =
    ask.gallery !== undefined
      ? new GalleryUpdater(scope.journal, { out: ask.gallery, keys: checked.keys, reports: [], states: [], models: [], copyMedia: false })
      : undefined;
  const log = new ResultLog();
  try {
    const watcher = await watch(checked.selected);
    const startedAt = new Date();
    await runBatchFile(checked, settings, sessions, config, ask.concurrency, {
      signal: scope.signal,
      command: ask.command,
      ledger: ledgerOf(ask.budget),
      retryFailed: settings.retryFailed,
      onStart: (job, coreJob) => watcher.started(job, coreJob),
      // A new task id is what a replacement runner most needs: exported before the job waits on it.
      onCreated: (job) => exporter.created(job),
      onDone: (result) => {
        watcher.done(result);
        log.add(result);
        exporter.soon();
        gallery?.soon();
      },
    });
    const meta = {
      source: ask.file.name,
      startedAt,
      finishedAt: new Date(),
      shard: ask.shard,
      concurrency: ask.concurrency,
      batch: checked.batch,
    };
    const head = reportHead(meta, log.tally);
    const written = await Promise.all([
      writeAfter(ask.report, () => reportText(head, log.jobs())),
      writeAfter(ask.junit, () => junitText(head, log.tally, log.jobs())),
    ]);
    const unsaved = [...written, exporter.finish(), await galleryAfter(gallery)].filter((e): e is DownloadError => e !== undefined);
    return { kind: 'run', results: log, exitCode: mostSevere([log.tally.exitCode, ...unsaved.map(() => ExitCode.download)]), unsaved };
  } catch (error) {
    log.close();
    throw error;
  } finally {
    // Also after a failure: the state file is what a replacement runner starts from.
    exporter.finish();
  }
}
