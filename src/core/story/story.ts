/**
 * `runway story`: a storyboard of shots (batch lines, plus `continue: true` for a shot that starts
 * on the previous shot's last frame) made into one film. It is a batch: every shot is a keyed,
 * journaled job, planned and checked before anything is paid for, resumed by running the same
 * command again. Shots that continue no other run in parallel; a shot that continues one waits
 * for it. Once every shot is saved, they are joined in order.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { parseBatch, type BatchFormat, type BatchJobSpec, type BatchProblem } from '../batch/input.js';
import { prepareBatch, type BatchSettings } from '../batch/prepare.js';
import { runBatch, verdict, type BatchHooks, type BatchJob, type BatchResult } from '../batch/run.js';
import { runPool } from '../pool.js';
import { startingFrom } from '../extend/last-frame.js';
import { asFrame } from '../extend/extension.js';
import type { MediaTools } from '../media-tools/ffmpeg.js';
import type { SessionPool } from '../session/pool.js';
import type { ConfigStore } from '../session/config.js';
import { providersThat } from '../session/providers.js';
import { knownProviders } from '../session/session.js';

export interface Shot {
  job: BatchJob;
  /** Starts on the previous shot's last frame. */
  continues: boolean;
  /** Words spoken over the shot (sound.ts), and the voice, where the shot names one. */
  narration?: { text: string; voice?: string | undefined } | undefined;
}

/** Stands in for the previous shot's last frame while planning. */
const frameStandIn = 'https://example.com/previous-shot-last-frame.png';

const hashed = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);

/**
 * The storyboard's shots, each planned. A continuing shot's identity includes the shot it
 * continues, so a shot made again makes the shots that continue it again too.
 */
export async function prepareStory(
  text: string,
  format: BatchFormat,
  baseDir: string,
  source: string,
  settings: Omit<BatchSettings, 'shard' | 'skipInvalid'> & { crossfade?: number | undefined },
  sessions: SessionPool,
  config: ConfigStore,
): Promise<Shot[]> {
  const parsed = parseBatch(text, format, baseDir, {
    continue: 'boolean',
    // What is said over a shot is not what the shot is: changing it never makes the shot again.
    narration: { type: 'string', identity: false },
    voice: { type: 'string', identity: false },
  });
  const problems: BatchProblem[] = [...parsed.problems];
  const continues = new Map<number, boolean>();
  const narrations = new Map<number, Shot['narration']>();
  let before: BatchJobSpec | undefined;
  const specs = parsed.jobs.map((spec): BatchJobSpec => {
    const { continue: goesOn, narration, voice, ...options } = spec.options;
    if (typeof narration === 'string') narrations.set(spec.line, { text: narration, voice: voice as string | undefined });
    else if (voice !== undefined) problems.push({ line: spec.line, message: '"voice" is the voice of a narration: give "narration" too' });
    const continuing = goesOn === true;
    continues.set(spec.line, continuing);
    if (continuing && !before) problems.push({ line: spec.line, message: 'the first shot has no shot before it to continue' });
    if (continuing && (options.image !== undefined || options.video !== undefined))
      problems.push({
        line: spec.line,
        message: 'a shot that continues starts on the last frame of the shot before: drop its image/video',
      });
    const key = continuing && before ? `story:${hashed(before.key, spec.key)}` : `story:${spec.key}`;
    const shot = { ...spec, key, options: continuing ? { ...options, image: frameStandIn } : options };
    before = shot;
    return shot;
  });
  if (specs.length === 0 && problems.length === 0) throw new UsageError(`The storyboard ${source} has no shots.`);
  const { jobs } = await prepareBatch(specs, problems, source, { ...settings, skipInvalid: false }, sessions, config);
  const crossfade = settings.crossfade ?? 0;
  const tooShort = crossfade > 0 ? jobs.filter((job) => job.plan.duration !== undefined && job.plan.duration <= crossfade) : [];
  if (tooShort.length > 0) {
    throw new UsageError(
      `--crossfade ${crossfade} is not shorter than ` +
        `${tooShort.map((job) => `${source}:${job.spec.line} (${job.plan.duration} s)`).join(', ')}: a fade cannot be ` +
        `longer than a shot. Nothing was submitted.`,
      {
        hint: 'Use a shorter --crossfade, or longer shots.',
      },
    );
  }
  const unsendable = jobs.filter((job) => continues.get(job.spec.line) && job.session.provider.adapter.media.imageFile === 'refuse');
  if (unsendable.length > 0) {
    const lines = unsendable.map((job) => `${source}:${job.spec.line}`).join(', ');
    throw new UsageError(
      `${lines}: ${unsendable[0]?.session.name} takes images only as public URLs, so a shot there cannot start on the ` +
        `last frame of the one before. Nothing was submitted.`,
      {
        hint: `Give those shots a provider that uploads local files (${providersThat(knownProviders(config), (f) => f.upload)
          .map((name) => `"provider": "${name}"`)
          .join(', ')}), or drop "continue".`,
      },
    );
  }
  return jobs.map((job, i) => {
    const continuing = continues.get(job.spec.line) === true;
    const before = jobs[i - 1]?.spec;
    return {
      job: continuing ? { ...job, plan: asFrame(job.plan, `the shot before (${before?.id ?? `line ${before?.line}`})`) } : job,
      continues: continuing,
      narration: narrations.get(job.spec.line),
    };
  });
}

/** Runs of shots: one that continues nothing, then those that continue it, in order. */
function scenes(shots: readonly Shot[]): Shot[][] {
  const runs: Shot[][] = [];
  for (const shot of shots) {
    if (shot.continues && runs.length > 0) runs[runs.length - 1]?.push(shot);
    else runs.push([shot]);
  }
  return runs;
}

function notRun(job: BatchJob, why: string): BatchResult {
  return {
    spec: job.spec,
    provider: job.session.name,
    model: job.plan.model.id,
    state: 'error',
    origin: 'submitted',
    exitCode: ExitCode.generationFailed,
    seconds: 0,
    files: [],
    error: { message: why },
  };
}

/** Every shot, scenes in parallel (up to `concurrency`), each scene's shots in order; results in storyboard order. */
export async function runStory(shots: readonly Shot[], tools: MediaTools, concurrency: number, hooks: BatchHooks): Promise<BatchResult[]> {
  const frames = mkdtempSync(join(tmpdir(), 'runway-story-'));
  try {
    const byScene = await runPool(
      scenes(shots),
      async (scene) => {
        const results: BatchResult[] = [];
        for (const shot of scene) {
          const before = results.at(-1);
          const { job } = shot;
          if (shot.continues && before?.state !== 'succeeded') {
            const result = notRun(job, `not run: the shot it continues (line ${before?.spec.line}) did not succeed`);
            hooks.onDone?.(result);
            results.push(result);
            continue;
          }
          const decided = verdict(job, hooks);
          const settled = typeof decided === 'object' && 'settled' in decided;
          const fed =
            shot.continues && before && !settled
              ? { ...job, plan: await startingFrom(job.session, tools, job.plan, before.files[0]?.file as string, frames, job.spec.line) }
              : job;
          results.push(...(await runBatch([fed], 1, hooks)));
        }
        return results;
      },
      {
        concurrency,
        stop: () => hooks.signal?.aborted === true,
        skipped: (scene) => scene.map((shot) => notRun(shot.job, 'Not run: interrupted before its turn. Running the story again runs it.')),
      },
    );
    return byScene.flat().sort((a, b) => a.spec.line - b.spec.line);
  } finally {
    rmSync(frames, { recursive: true, force: true });
  }
}
