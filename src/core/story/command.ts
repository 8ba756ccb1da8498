/**
 * `runway story` from its typed ask to its outcome: every shot planned and priced, shots made
 * (scenes in parallel), then the film joined. Its jobs are followed by the watcher the front end
 * gives once it knows how many there are.
 */
import { basename, extname, join } from 'node:path';
import { findMediaTools } from '../media-tools/ffmpeg.js';
import { stitchClips, type Stitched } from '../media-tools/stitch.js';
import { checkOutputFile } from '../files/whole.js';
import { budgetGate, ledgerOf, type Budget, type BudgetPreview } from '../cost/budget.js';
import { previewsOf, type BatchSettings } from '../batch/prepare.js';
import { verdict, type BatchResult, type WatchRun } from '../batch/run.js';
import { outputPlace } from '../session/defaults.js';
import { prepareStory, runStory } from './story.js';
import type { BatchFormat } from '../batch/input.js';
import type { SessionPool } from '../session/pool.js';
import type { ConfigStore } from '../session/config.js';

export interface StoryAsk {
  /** The storyboard's text, where relative paths in it resolve from, and how messages name it. */
  text: string;
  format: BatchFormat;
  baseDir: string;
  name: string;
  settings: Omit<BatchSettings, 'shard' | 'skipInvalid'> & { crossfade?: number | undefined };
  film?: string | undefined;
  concurrency: number;
  budget: Budget;
  command: string[];
}

export type StoryOutcome =
  { kind: 'preview'; preview: BudgetPreview } | { kind: 'story'; shots: number; results: BatchResult[]; film?: Stitched | undefined };

export async function storyCommand(
  scope: { sessions: SessionPool; config: ConfigStore; signal: AbortSignal },
  ask: StoryAsk,
  watch: WatchRun,
): Promise<StoryOutcome> {
  // The film is joined with ffmpeg, and written where --film says: without either, nothing is paid for.
  const tools = findMediaTools();
  if (ask.film !== undefined) checkOutputFile(ask.film, '--film');
  const shots = await prepareStory(ask.text, ask.format, ask.baseDir, ask.name, ask.settings, scope.sessions, scope.config);
  const jobs = shots.map((s) => s.job);
  const preview = budgetGate(ask.budget, () => previewsOf(jobs.filter((job) => verdict(job, ask.settings) === 'submit')));
  if (preview) return { kind: 'preview', preview };
  for (const job of jobs) job.session.requireKey();
  const watcher = await watch(jobs.length);
  const results = await runStory(shots, tools, ask.concurrency, {
    signal: scope.signal,
    command: ask.command,
    ledger: ledgerOf(ask.budget),
    retryFailed: ask.settings.retryFailed,
    onStart: (job, coreJob) => watcher.started(job, coreJob),
    onDone: (result) => watcher.done(result),
  });
  if (results.length !== shots.length || !results.every((r) => r.state === 'succeeded'))
    return { kind: 'story', shots: shots.length, results };
  const { outDir } = outputPlace(scope.config, { out: ask.settings.out });
  const clips = results.map((r) => r.files[0]?.file as string);
  const dest = ask.film ?? join(outDir, `${basename(ask.name, extname(ask.name))}.mp4`);
  const film = await stitchClips(tools, clips, dest, { crossfade: ask.settings.crossfade, reuse: true, flag: '--film' });
  return { kind: 'story', shots: shots.length, results, film };
}
