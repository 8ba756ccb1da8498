/** `runway story <storyboard>`: shots in order (some continuing the one before), then one film. */
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConfigStore } from '../../core/session/config.js';
import { UsageError } from '../../core/errors.js';
import { stateDirs, expandHome } from '../../core/paths.js';
import { SessionPool } from '../../core/session/pool.js';
import { detectFormat, type BatchFormat } from '../../core/batch/input.js';
import { previewsOf } from '../../core/batch/prepare.js';
import { verdict } from '../../core/batch/run.js';
import { batchExitCode, reportJob, ReportTally } from '../../core/batch/report.js';
import { findMediaTools } from '../../core/media-tools/ffmpeg.js';
import { stitchClips } from '../../core/media-tools/stitch.js';
import { checkOutputFile } from '../../core/files/whole.js';
import { prepareStory, runStory } from '../../core/story/story.js';
import { sessionOptions } from '../session/with-session.js';
import { onInterrupt } from '../session/interrupt.js';
import { renderMode } from '../render/progress.js';
import { createBatchReporter, printSummary } from '../render/batch-progress.js';
import { dryRunWithBudget } from '../render/dry-run.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import { readSource } from '../parse/read-source.js';
import type { EventSink } from '../../core/events.js';
import type { HandlerContext } from '../handler.js';
import type { BatchFlags } from '../options/flags.js';

const joinedHow = {
  copied: 'by copying their streams',
  're-encoded': 'by re-encoding to H.264 (the shots differ in codec parameters)',
  earlier: 'as an earlier run made it (the shots have not changed since)',
} as const;

export interface StoryFlags extends BatchFlags {
  film?: string;
  crossfade?: number;
}

export async function run({ args, options, argv }: HandlerContext<StoryFlags>): Promise<number> {
  const source = args[0] as string;
  const text = await readSource(source, 'storyboard');
  const baseDir = source === '-' ? process.cwd() : dirname(resolve(source));
  const format = (options.format as BatchFormat | undefined) ?? detectFormat(text, source === '-' ? undefined : source);
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format must be jsonl or csv (got "${String(format)}").`);
  const sourceName = source === '-' ? 'stdin' : source;
  // The film is joined with ffmpeg, and written where --film says: without either, nothing is paid for.
  const tools = findMediaTools();
  if (options.film !== undefined) checkOutputFile(options.film, '--film');

  const mode = renderMode(options);
  const config = new ConfigStore(stateDirs().config);
  const interrupt = onInterrupt();
  let sink: EventSink = () => undefined;
  const sessions = new SessionPool({ ...sessionOptions(options), events: (event) => sink(event), signal: interrupt.signal, config });
  try {
    const settings = {
      provider: options.provider,
      baseUrl: options.baseUrl,
      out: options.out,
      output: options.output,
      allowAnyOut: options.allowAnyOut === true,
      dryRun: options.dryRun === true,
      retryFailed: options.retryFailed === true,
      crossfade: options.crossfade,
    };
    const shots = await prepareStory(text, format, baseDir, sourceName, settings, sessions, config);
    const jobs = shots.map((s) => s.job);
    if (options.dryRun || options.maxCredits !== undefined) {
      await dryRunWithBudget(previewsOf(jobs.filter((job) => verdict(job, settings) === 'submit')), {
        dryRun: options.dryRun === true,
        maxCredits: options.maxCredits,
        json: mode.json,
      });
      if (options.dryRun) return 0;
    }
    for (const job of jobs) job.session.requireKey();
    const reporter = await createBatchReporter(jobs.length, mode);
    sink = reporter.sink;
    const results = await runStory(shots, tools, options.concurrency ?? 4, {
      signal: interrupt.signal,
      command: argv.slice(2),
      retryFailed: settings.retryFailed,
      onStart: (job, coreJob) => reporter.started(job, coreJob),
      onDone: (result) => reporter.done(result),
    });
    reporter.stop();
    const complete = results.length === shots.length && results.every((r) => r.state === 'succeeded');
    const outDir = resolve(expandHome(options.out ?? (config.setting('out-dir') as string | undefined) ?? process.cwd()));
    const film = complete
      ? await stitchClips(
          tools,
          results.map((r) => r.files[0]?.file as string),
          options.film ?? join(outDir, `${basename(sourceName, extname(sourceName))}.mp4`),
          { crossfade: options.crossfade, reuse: true, flag: '--film' },
        )
      : undefined;
    if (mode.json)
      printJson({
        film: film ? displayPath(film.file) : null,
        joined: film?.mode ?? null,
        seconds: film?.seconds ?? null,
        shots: results.map((r) => ({
          line: r.spec.line,
          id: r.spec.id ?? null,
          state: r.state,
          taskId: r.taskId ?? null,
          files: r.files.map((f) => displayPath(f.file)),
        })),
      });
    else if (film) printLine(displayPath(film.file));
    if (!mode.quiet) {
      const jobs = results.map(reportJob);
      printSummary(jobs, ReportTally.of(jobs));
      if (film)
        say(`runway: the film ${displayPath(film.file)} joins ${film.clips} shots (${film.seconds.toFixed(2)} s) ${joinedHow[film.mode]}.`);
      else say('runway: no film yet: not every shot is saved. Run the same command again to carry on; no shot is paid for twice.');
    }
    return batchExitCode(results);
  } finally {
    interrupt.dispose();
    await sessions.closeAll();
  }
}
