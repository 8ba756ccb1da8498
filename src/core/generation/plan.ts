/**
 * Planning a generation: resolve the model, validate every field against the model table and
 * the provider's rules, inspect local files. No network: everything wrong with the input is
 * found here and exits 2 before a single request (and before a key is needed).
 */
import { randomInt } from 'node:crypto';
import { UsageError } from '../errors.js';
import { dataUriLength, inspectLocalFile, type LocalFile } from './media.js';
import { resolveModel } from './models.js';
import { readMp4Movie, type Mp4Movie } from '../download/mp4.js';
import type { ResolvedProvider } from '../session/providers.js';
import { validateGeneration, maxSeed, type GenerationRequest } from '../../providers/validate.js';
import type { BodyQuirks, ModelSpec, PreparedGeneration, ProtocolAdapter } from '../../providers/types.js';
import type { ProviderPreset } from '../../providers/presets.js';
import { catalogOf } from '../../providers/protocols.js';

export type MediaRole = 'image' | 'lastFrame' | 'video';

export const mediaRoles: readonly MediaRole[] = ['image', 'lastFrame', 'video'];

export const roleFlag: Record<MediaRole, string> = { image: '--image', lastFrame: '--last-frame', video: '--video' };

export interface GenerationPlan {
  provider: ResolvedProvider;
  model: ModelSpec;
  request: GenerationRequest;
  ratio?: string | undefined;
  /** Seconds of video; for a model whose output is as long as its input video, that video's length when known. */
  duration?: number | undefined;
  seed?: number | undefined;
  files: Partial<Record<MediaRole, LocalFile>>;
  warnings: string[];
}

export function invalidRequest(problems: string[], hint?: string): UsageError {
  const message = problems.length === 1 ? (problems[0] as string) : `The request has ${problems.length} problems:\n  - ${problems.join('\n  - ')}`;
  return new UsageError(message, hint ? { hint } : {});
}

/** When the model cannot do what was asked (video input, a last frame…), the providers that can. */
function capabilityHint(request: GenerationRequest, model: ModelSpec, preset: ProviderPreset, all: ProviderPreset[]): string | undefined {
  const needs: [boolean, string, (m: ModelSpec) => boolean][] = [
    [request.video !== undefined && !model.video, 'video-to-video (--video)', (m) => m.video],
    [request.lastFrame !== undefined && !model.lastFrame, 'a last frame (--last-frame)', (m) => m.lastFrame],
    [!request.image && !request.lastFrame && !request.video && !request.extendTaskId && !model.text, 'text-to-video', (m) => m.text],
  ];
  const missing = needs.find(([lacking]) => lacking);
  if (!missing) return undefined;
  const [, what, can] = missing;
  const able = all.filter((p) => !p.inProcess && p.name !== preset.name && catalogOf(p).some(can)).map((p) => p.name);
  const here = catalogOf(preset).filter(can).map((m) => m.id);
  const parts = [here.length ? `On ${preset.name}, ${what} works with: ${here.join(', ')}.` : '', able.length ? `Providers with ${what}: ${able.join(', ')}.` : ''];
  return parts.filter(Boolean).join(' ') || undefined;
}

export async function planGeneration(
  provider: ResolvedProvider,
  modelName: string,
  request: GenerationRequest,
  allProviders: ProviderPreset[],
): Promise<GenerationPlan> {
  const choice = resolveModel(provider, modelName, allProviders);
  const { model } = choice;
  const { adapter, preset } = provider;
  const problems = validateGeneration(request, model, adapter, preset);
  if (problems.length > 0) throw invalidRequest(problems, capabilityHint(request, model, preset, allProviders));

  const warnings = choice.warning ? [choice.warning] : [];
  const files: GenerationPlan['files'] = {};
  for (const role of mediaRoles) {
    const ref = request[role];
    if (ref?.kind === 'file') {
      const kind = role === 'video' ? 'video' : 'image';
      const limit = adapter.upload && preset.features.upload ? adapter.upload.maxBytes : adapter.media.inlineMaxBytes;
      const file = await inspectLocalFile(ref.path, kind, roleFlag[role], limit || Infinity);
      const floor = adapter.upload?.minBytes;
      if (floor !== undefined && file.bytes < floor && !sendsInline(adapter, role, file)) {
        throw new UsageError(`${roleFlag[role]} ${ref.path} is ${file.bytes} bytes; ${preset.name} uploads must be at least ${floor} bytes.`);
      }
      if (adapter.media.imageFile === 'inline-or-upload' && kind === 'image' && !preset.features.upload && dataUriLength(file.mime, file.bytes) > adapter.media.inlineMaxBytes) {
        throw new UsageError(`${roleFlag[role]} ${ref.path} is too large to send inline, and ${preset.name} has no upload endpoint.`, {
          hint: 'Use a smaller image (under about 3.7 MB), or host it and pass an https:// URL.',
        });
      }
      files[role] = file;
    }
    if (ref?.kind === 'url' && adapter.media.httpsUrl === 'warn') {
      warnings.push(`${roleFlag[role]} ${ref.url} is not on ${preset.name}'s own storage; it may reject it. Pass a local file to have it uploaded.`);
    }
  }

  const isText = !request.image && !request.lastFrame && !request.video && !request.extendTaskId;
  const ratios = isText && model.textRatios ? model.textRatios : model.ratios;
  const lengthFromInput = request.video !== undefined && model.lengthFromInput === true;
  const input = lengthFromInput && files.video ? await readMp4Movie(files.video.path).catch((): Mp4Movie => ({})) : {};
  return {
    provider,
    model,
    request,
    ratio: request.ratio ?? closestRatio(ratios, input) ?? ratios[0],
    duration: lengthFromInput ? wholeSeconds(input.seconds) : (request.duration ?? model.defaultDuration),
    // A seed is always chosen here when the model takes one, so every clip can be reproduced.
    seed: request.seed ?? (model.seed ? randomInt(0, maxSeed) : undefined),
    files,
    warnings,
  };
}

/** Whole seconds of an input video (rounded up, as billing counts them), when its header says. */
function wholeSeconds(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.max(1, Math.ceil(seconds - 1e-6));
}

/** The allowed ratio nearest the input video's shape, so a portrait clip is not made landscape. */
export function closestRatio(ratios: readonly string[], picture: { width?: number | undefined; height?: number | undefined }): string | undefined {
  if (!picture.width || !picture.height || ratios.length === 0) return undefined;
  const aspect = Math.log(picture.width / picture.height);
  const distance = (ratio: string) => {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    return Math.abs(Math.log(w / h) - aspect);
  };
  return [...ratios].sort((a, b) => distance(a) - distance(b))[0];
}

/** The create input for a plan once every media input has become a URI (real or placeholder). */
export function assemble(
  plan: GenerationPlan,
  uris: Partial<Record<MediaRole, string>>,
  extend: PreparedGeneration['extend'],
  quirks: BodyQuirks | undefined,
): PreparedGeneration {
  return {
    ...plan.request.extras,
    model: plan.model,
    prompt: plan.request.prompt,
    image: uris.image,
    lastFrame: uris.lastFrame,
    video: uris.video,
    imageName: plan.request.image?.kind === 'file' ? plan.files.image?.name : undefined,
    ratio: plan.ratio,
    duration: plan.duration,
    seed: plan.seed,
    extend,
    quirks,
  };
}

/** Whether a local file goes inline as a data URI (small images, official protocol) or is uploaded. */
export function sendsInline(adapter: ProtocolAdapter, role: MediaRole, file: LocalFile): boolean {
  return adapter.media.imageFile === 'inline-or-upload' && role !== 'video' && dataUriLength(file.mime, file.bytes) <= adapter.media.inlineMaxBytes;
}
