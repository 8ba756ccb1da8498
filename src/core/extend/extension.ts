/**
 * `runway extend`: a clip continued, `times` times in a row, each from the result before, then
 * joined into one film. Native where the protocol has it (web-tasks `extend` by task id; the
 * official video-to-video `mode: "extend"`, fed the earlier task's fresh URL); otherwise chained:
 * the exact last frame of the clip so far is the first frame of an image-to-video generation.
 * Every continuation is a keyed job (see pipeline.ts), so the same command resumes and never
 * pays for a continuation twice; everything is planned and checked before the first request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { findMediaTools, type MediaTools } from '../media-tools/ffmpeg.js';
import { stitchClips, type Stitched } from '../media-tools/stitch.js';
import { readMp4Movie } from '../download/mp4.js';
import { closestRatio, planGeneration, type GenerationPlan } from '../generation/plan.js';
import { findModel, resolveModel } from '../models/models.js';
import { knownProviders, type Session } from '../session/session.js';
import { pipelineKey, runPipeline, type Feed, type PipelineStep } from '../batch/pipeline.js';
import { startingFrom } from './last-frame.js';
import { publishFrame } from './publish-frame.js';
import { sourceFile, type ExtendSource } from './source.js';
import type { BatchHooks, BatchResult } from '../batch/run.js';
import type { MediaRef } from '../../providers/media-ref.js';
import type { GenerationRequest } from '../../providers/validate.js';
import type { ModelSpec } from '../../providers/types.js';

/** The request fields of a continuation, as the generation flags give them. */
export interface ExtendAsk extends Pick<GenerationRequest, 'prompt' | 'ratio' | 'duration' | 'seed' | 'extras'> {
  /** --model; default the source's model where it can extend here, else the best image-to-video model. */
  model?: string | undefined;
  times: number;
  join: boolean;
  /** How to publish a last frame where the provider takes images only as URLs (see publish-frame.ts). */
  frameUrlCommand?: string | undefined;
  /** Its time limit, in seconds. */
  frameUrlSeconds?: number | undefined;
}

export interface ExtensionPlan {
  mode: 'native' | 'chained';
  source: ExtendSource;
  steps: PipelineStep[];
  join: boolean;
  frameUrlCommand?: string | undefined;
  frameUrlSeconds?: number | undefined;
  /** ffmpeg, where the extension needs it (chaining, joining). */
  tools?: MediaTools | undefined;
}

/** Stands in for the last frame while the request is checked: the real one is cut when the clip before exists. */
const frameStandIn: MediaRef = { kind: 'url', url: 'https://example.com/last-frame.png' };

/** A plan checked with the stand-in, saying what its first frame will be (and without the stand-in's warnings). */
export function asFrame(plan: GenerationPlan, of: string): GenerationPlan {
  return { ...plan, request: { ...plan.request, image: { kind: 'frame', of } }, warnings: [] };
}

function canExtend(session: Session, model: ModelSpec, source: ExtendSource): boolean {
  const { preset } = session.provider;
  const webTasks = preset.features.extend && model.extend && source.taskId !== undefined;
  return webTasks || (preset.protocol === 'official' && model.extendsVideo === true);
}

function chooseModel(session: Session, source: ExtendSource, named: string | undefined): ModelSpec {
  const { provider } = session;
  if (named !== undefined) return resolveModel(provider, named, knownProviders(session.config)).model;
  const earlier = source.model !== undefined ? findModel(provider.catalog, source.model) : undefined;
  if (earlier && canExtend(session, earlier, source)) return earlier;
  const imageModel = provider.catalog.find((m) => m.image && !m.removed);
  if (!imageModel) throw new UsageError(`${provider.preset.name} has no model that can continue a video or start from an image.`);
  return imageModel;
}

/** The request of continuation `i` (0-based): what it continues is the source, or the step before. */
function requestOf(mode: 'native-web' | 'native-official' | 'chained', ask: ExtendAsk, source: ExtendSource, i: number): GenerationRequest {
  const base: GenerationRequest = { prompt: ask.prompt, ratio: ask.ratio, duration: ask.duration, seed: ask.seed, extras: ask.extras };
  if (mode === 'native-web') return { ...base, extendTaskId: i === 0 ? source.taskId : `step-${i}` };
  if (mode === 'chained') return { ...base, image: frameStandIn };
  const video: MediaRef =
    i > 0
      ? { kind: 'task', taskId: `step-${i}`, step: i }
      : source.taskId !== undefined
        ? { kind: 'task', taskId: source.taskId }
        : { kind: 'file', path: source.file as string };
  // An extension matches its input's shape: the API refuses a ratio with mode "extend".
  return { ...base, ratio: undefined, video, extras: { ...ask.extras, param: { ...ask.extras.param, mode: 'extend' } } };
}

export async function planExtension(session: Session, source: ExtendSource, ask: ExtendAsk): Promise<ExtensionPlan> {
  const { provider } = session;
  const model = chooseModel(session, source, ask.model);
  const native = canExtend(session, model, source);
  const mode = native ? (model.extendsVideo ? 'native-official' : 'native-web') : 'chained';
  if (mode === 'chained') {
    if (!model.image)
      throw new UsageError(
        `${model.id} on ${provider.preset.name} can neither extend a video nor start from an image, so it cannot continue one.`,
        { hint: 'Pick an image-to-video model with --model.' },
      );
    if (provider.adapter.media.imageFile === 'refuse' && ask.frameUrlCommand === undefined) {
      const all = knownProviders(session.config).filter((p) => !p.inProcess);
      const native = all.filter((p) => p.features.extend).map((p) => p.name);
      const uploading = all.filter((p) => p.features.upload && !p.features.extend).map((p) => p.name);
      throw new UsageError(
        `${provider.preset.name} has no native extend, and it takes images only as public https:// URLs, so the clip's ` +
          `last frame cannot be sent to it.`,
        {
          hint:
            `Providers that extend natively: ${native.join(', ')}; that continue from a last frame they are sent: ` +
            `${uploading.join(', ')}. Use --provider <name>, or publish each frame yourself with --frame-url-command (see --help).`,
        },
      );
    }
  }
  if (mode === 'native-official' && ask.prompt === undefined)
    throw new UsageError(`Extending with ${model.id} needs a prompt (--prompt): the API requires one in extend mode.`);
  if (mode === 'native-official' && ask.ratio !== undefined)
    throw new UsageError(`An extension with ${model.id} keeps the source's shape: drop --ratio.`);
  // Chaining and joining need ffmpeg: without it, exit 2 here, before any request.
  const tools = mode === 'chained' || ask.join ? findMediaTools() : undefined;

  const ratio = ask.ratio ?? (mode === 'chained' ? await sourceRatio(source, model) : undefined);
  const steps: PipelineStep[] = [];
  for (let i = 0; i < ask.times; i++) {
    const plan = await planGeneration(
      provider,
      model.id,
      { ...requestOf(mode, { ...ask, ratio }, source, i) },
      knownProviders(session.config),
    );
    steps.push({
      plan: mode === 'chained' ? asFrame(plan, i === 0 ? 'the source clip' : `extension ${i}`) : plan,
      label: `extension ${i + 1}`,
      template: `${source.stem}-ext${i + 1}`,
    });
  }
  return {
    mode: native ? 'native' : 'chained',
    source,
    steps,
    join: ask.join,
    tools,
    frameUrlCommand: ask.frameUrlCommand,
    frameUrlSeconds: ask.frameUrlSeconds,
  };
}

/** The model ratio nearest the source clip's shape, where the clip is here to read. */
async function sourceRatio(source: ExtendSource, model: ModelSpec): Promise<string | undefined> {
  if (source.file === undefined) return undefined;
  const movie = await readMp4Movie(source.file).catch(() => ({}));
  return closestRatio(model.ratios, movie);
}

export interface ExtensionResult {
  results: BatchResult[];
  /** The joined film, when asked for and every continuation succeeded. */
  film?: Stitched | undefined;
  sourceFile?: string | undefined;
}

export async function runExtension(
  session: Session,
  plan: ExtensionPlan,
  out: { outDir: string; command: string[] },
  hooks: Omit<BatchHooks, 'command'>,
): Promise<ExtensionResult> {
  const clip = plan.mode === 'chained' || plan.join ? await sourceFile(session, plan.source, out) : undefined;
  const frames = mkdtempSync(join(tmpdir(), 'runway-frames-'));
  try {
    const command = plan.frameUrlCommand;
    const publish =
      command !== undefined && session.provider.adapter.media.imageFile === 'refuse'
        ? (frame: string) => publishFrame(command, frame, plan.frameUrlSeconds)
        : undefined;
    const fromFrame = (step: GenerationPlan, video: string, n: number) =>
      startingFrom(session, plan.tools as MediaTools, step, video, frames, n, publish);
    const feed: Feed | undefined =
      plan.mode === 'chained'
        ? (step, before, n) => fromFrame(step, before.files[0]?.file as string, n)
        : plan.steps[0]?.plan.request.extendTaskId !== undefined
          ? async (step, before) => ({ ...step, request: { ...step.request, extendTaskId: before.taskId } })
          : undefined;
    const [first, ...rest] = plan.steps as [PipelineStep, ...PipelineStep[]];
    const start = plan.mode === 'chained' ? { ...first, plan: await fromFrame(first.plan, clip as string, 0) } : first;
    const key = pipelineKey(
      session,
      plan.steps,
      { outDir: out.outDir },
      `extend ${plan.source.taskId ?? resolve(plan.source.file as string)}`,
    );
    const results = await runPipeline(
      session,
      [start, ...rest],
      { key, outDir: out.outDir, onlyFinal: false, feed, lastDecides: false },
      { ...hooks, command: out.command },
    );
    const complete = results.length === plan.steps.length && results.every((r) => r.state === 'succeeded');
    if (!complete || !plan.join) return { results, sourceFile: clip };
    const parts = [clip as string, ...results.map((r) => r.files[0]?.file as string)];
    const film = await stitchClips(plan.tools as MediaTools, parts, join(out.outDir, `${plan.source.stem}-extended.mp4`), { reuse: true });
    return { results, film, sourceFile: clip };
  } finally {
    rmSync(frames, { recursive: true, force: true });
  }
}
