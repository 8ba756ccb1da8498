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
import { runBatch, verdict, type BatchJob, type BatchResult, type WatchRun } from '../batch/run.js';
import { outputPlace } from '../session/defaults.js';
import { prepareStory, runStory, type Shot } from './story.js';
import { prepareSound, type StorySound, type StorySoundAsk } from './sound.js';
import { filmWithSound } from './film-with-sound.js';
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
  /** --sound and --voice: a bed under the film, the narration's voice. */
  sound: StorySoundAsk;
  concurrency: number;
  budget: Budget;
  command: string[];
}

export type StoryOutcome =
  | { kind: 'preview'; preview: BudgetPreview }
  /** `sound`: the narrations and the bed made for the film, when it has any. */
  | { kind: 'story'; shots: number; results: BatchResult[]; sound: BatchResult[]; film?: Stitched | undefined };

export async function storyCommand(
  scope: { sessions: SessionPool; config: ConfigStore; signal: AbortSignal },
  ask: StoryAsk,
  watch: WatchRun,
): Promise<StoryOutcome> {
  // The film is joined with ffmpeg, and written where --film says: without either, nothing is paid for.
  const tools = findMediaTools();
  if (ask.film !== undefined) checkOutputFile(ask.film, '--film');
  const shots = await prepareStory(ask.text, ask.format, ask.baseDir, ask.name, ask.settings, scope.sessions, scope.config);
  const sound = await prepareSound(shots, ask.sound, ask.settings, { ...scope, source: ask.name });
  const jobs = shots.map((s) => s.job);
  const all = [...jobs, ...(sound?.jobs ?? [])];
  const preview = budgetGate(ask.budget, () => previewsOf(all.filter((job) => verdict(job, ask.settings) === 'submit')));
  if (preview) return { kind: 'preview', preview };
  for (const job of all) job.session.requireKey();
  const watcher = await watch(all.length);
  const hooks = {
    signal: scope.signal,
    command: ask.command,
    ledger: ledgerOf(ask.budget),
    retryFailed: ask.settings.retryFailed,
    onStart: (job: BatchJob, coreJob: string) => watcher.started(job, coreJob),
    onDone: (result: BatchResult) => watcher.done(result),
  };
  // The sound is made while the shots are: it depends on none of them.
  const [results, made] = await Promise.all([
    runStory(shots, tools, ask.concurrency, hooks),
    runBatch(sound?.jobs ?? [], ask.concurrency, hooks),
  ]);
  const done = (list: readonly BatchResult[], count: number) => list.length === count && list.every((r) => r.state === 'succeeded');
  if (!done(results, shots.length) || !done(made, sound?.jobs.length ?? 0))
    return { kind: 'story', shots: shots.length, results, sound: made };
  const { outDir } = outputPlace(scope.config, { out: ask.settings.out });
  const clips = results.map((r) => r.files[0]?.file as string);
  const dest = ask.film ?? join(outDir, `${basename(ask.name, extname(ask.name))}.mp4`);
  const options = { crossfade: ask.settings.crossfade, reuse: true, flag: '--film' };
  const film = sound
    ? await filmWithSound(tools, clips, dest, options, soundTracks(shots, results, made, sound, ask.settings.crossfade ?? 0))
    : await stitchClips(tools, clips, dest, options);
  return { kind: 'story', shots: shots.length, results, sound: made, film };
}

/** Which made file is each narration (with its shot) and the bed. */
function soundTracks(
  shots: readonly Shot[],
  results: readonly BatchResult[],
  made: readonly BatchResult[],
  sound: StorySound,
  crossfade: number,
): { narrations: { shot: number; file: string }[]; bed?: string | undefined; crossfade: number } {
  const fileOf = (job: BatchJob) => made.find((r) => r.spec.key === job.spec.key)?.files[0]?.file as string;
  const narrations = shots.flatMap((shot, i) => {
    const job = sound.narrations.get(shot.job.spec.line);
    return job && results[i] ? [{ shot: i, file: fileOf(job) }] : [];
  });
  const bed = sound.bed === undefined ? undefined : 'file' in sound.bed ? sound.bed.file : fileOf(sound.bed.job);
  return { narrations, bed, crossfade };
}
