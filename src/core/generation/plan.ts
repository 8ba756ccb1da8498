/**
 * Planning a generation: resolve the model, validate every field against the model table and
 * the provider's rules, inspect local files. No network: everything wrong with the input is
 * found here and exits 2 before a single request (and before a key is needed).
 */
import { randomInt } from 'node:crypto';
import { UsageError } from '../errors.js';
import { checkWholeVideo, dataUriLength, inspectLocalFile, type LocalFile, type MediaKind } from '../inputs/media.js';
import type { MediaRef } from '../../providers/media-ref.js';
import { resolveModel, resolveRouter, resolveToolModel, routerPrefix } from '../models/models.js';
import type { ToolCommand } from '../../providers/official/tools.js';
import { readMp4Movie, type Mp4Movie } from '../download/mp4.js';
import type { ResolvedProvider } from '../session/providers.js';
import { validateGeneration, maxSeed, type GenerationRequest } from '../../providers/validate.js';
import type { BodyQuirks, ModelSpec, PreparedGeneration, ProtocolAdapter } from '../../providers/types.js';
import type { ProviderPreset } from '../../providers/presets.js';
import type { Settled } from '../journal/fold.js';
import { catalogOf } from '../../providers/protocols.js';
import { replaceAt } from '../../providers/official/run/slots.js';

/** A media input's place: one of the single inputs, or an item of a reference list ("references.1"). */
export type MediaRole = string;

type ListName = 'references' | 'referenceVideos' | 'referenceAudio';
const lists: readonly [ListName, string, MediaKind][] = [
  ['references', '--reference', 'image'],
  ['referenceVideos', '--reference-video', 'video'],
  ['referenceAudio', '--reference-audio', 'audio'],
];
const singles: readonly ['image' | 'lastFrame' | 'video' | 'character', string, MediaKind][] = [
  ['image', '--image', 'image'],
  ['lastFrame', '--last-frame', 'image'],
  ['video', '--video', 'video'],
  ['character', '--character', 'any'],
];

export interface MediaEntry {
  role: MediaRole;
  ref: MediaRef;
  flag: string;
  kind: MediaKind;
}

/** Every media input of a request, singles first, then each item of each reference list. */
export function mediaEntries(request: GenerationRequest): MediaEntry[] {
  const entries: MediaEntry[] = [];
  for (const [name, flag, kind] of singles) {
    const ref = request[name];
    if (ref) entries.push({ role: name, ref, flag, kind });
  }
  for (const [name, flag, kind] of lists)
    (request[name] ?? []).forEach((ref, i) => entries.push({ role: `${name}.${i}`, ref, flag, kind }));
  for (const { path, ref, kind, flag } of request.run?.media ?? []) entries.push({ role: runRole(path), ref, flag, kind });
  return entries;
}

/** The request with every media input passed through `fn` (told the flag it came by). */
export function mapMediaRefs(request: GenerationRequest, fn: (ref: MediaRef, flag: string) => MediaRef): GenerationRequest {
  const mapped: GenerationRequest = { ...request };
  for (const [name, flag] of singles) {
    const ref = request[name];
    if (ref) mapped[name] = fn(ref, flag);
  }
  for (const [name, flag] of lists) if (request[name]) mapped[name] = request[name].map((ref) => fn(ref, flag));
  if (request.run) mapped.run = { ...request.run, media: request.run.media.map((m) => ({ ...m, ref: fn(m.ref, m.flag) })) };
  return mapped;
}

/** A run's media input by its place in the body ("body:voice.audioUri"). */
export const runRole = (path: readonly string[]): MediaRole => `body:${path.join('.')}`;

/** The URIs of one reference list, in order, once every entry has one. */
function listUris(request: GenerationRequest, name: ListName, uris: Partial<Record<MediaRole, string>>): string[] | undefined {
  const given = request[name];
  return given?.map((_, i) => uris[`${name}.${i}`] as string);
}

/** A request validated and its defaults chosen; `duration`, for a model whose output is as long as its input video, is that video's length when known. */
export interface GenerationPlan extends Omit<Settled, 'prompt'> {
  provider: ResolvedProvider;
  model: ModelSpec;
  request: GenerationRequest;
  /** `--duration auto`: the model chooses (and `duration` stays unknown). */
  autoDuration?: boolean;
  files: Partial<Record<MediaRole, LocalFile>>;
  warnings: string[];
}

export function invalidRequest(problems: string[], hint?: string): UsageError {
  const message =
    problems.length === 1 ? (problems[0] as string) : `The request has ${problems.length} problems:\n  - ${problems.join('\n  - ')}`;
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
  const here = catalogOf(preset)
    .filter(can)
    .map((m) => m.id);
  const parts = [
    here.length ? `On ${preset.name}, ${what} works with: ${here.join(', ')}.` : '',
    able.length ? `Providers with ${what}: ${able.join(', ')}.` : '',
  ];
  return parts.filter(Boolean).join(' ') || undefined;
}

export async function planGeneration(
  provider: ResolvedProvider,
  /** Undefined for a tool command's default model. */
  modelName: string | undefined,
  request: GenerationRequest,
  allProviders: ProviderPreset[],
  tool?: ToolCommand,
): Promise<GenerationPlan> {
  const choice = modelName?.startsWith(routerPrefix)
    ? resolveRouter(provider, modelName.slice(routerPrefix.length), tool, allProviders)
    : tool
      ? resolveToolModel(provider, tool, modelName, allProviders)
      : resolveModel(provider, modelName as string, allProviders);
  const { model } = choice;
  const { adapter, preset } = provider;
  const problems = validateGeneration(request, model, adapter, preset);
  if (problems.length > 0) throw invalidRequest(problems, capabilityHint(request, model, preset, allProviders));

  const warnings = choice.warning ? [choice.warning] : [];
  const files = await inspectFiles(provider, request, warnings);
  const isText = !request.image && !request.lastFrame && !request.video && !request.extendTaskId;
  const ratios = isText && model.textRatios ? model.textRatios : model.ratios;
  const lengthFromInput = request.video !== undefined && model.lengthFromInput === true;
  const input = lengthFromInput && files.video ? await readMp4Movie(files.video.path).catch((): Mp4Movie => ({})) : {};
  const plan: GenerationPlan = {
    provider,
    model,
    request,
    ratio: request.ratio ?? closestRatio(ratios, input) ?? (model.ratioOptional ? undefined : ratios[0]),
    duration:
      model.output === 'image'
        ? undefined
        : lengthFromInput
          ? wholeSeconds(input.seconds)
          : request.duration === 'auto'
            ? undefined
            : (request.duration ?? model.defaultDuration),
    ...(request.duration === 'auto' ? { autoDuration: true } : {}),
    // A seed is always chosen here when the model takes one, so every clip can be reproduced.
    seed: request.seed ?? (model.seed ? randomInt(0, maxSeed) : undefined),
    files,
    warnings,
  };
  checkPlannedBody(plan);
  return plan;
}

/**
 * Where the protocol knows each model's fields (the official catalog), the very body that would
 * be sent is checked, with stand-ins for media not uploaded yet.
 */
export function checkPlannedBody(plan: GenerationPlan): void {
  const { adapter, preset } = plan.provider;
  if (!adapter.checkCreate || !preset.features.officialCatalog) return;
  const standIns = Object.fromEntries(mediaEntries(plan.request).map((entry) => [entry.role, 'https://example.com/input']));
  const problems = adapter.checkCreate(adapter.buildCreate(assemble(plan, standIns, undefined, preset.quirks)), plan.model);
  if (problems.length > 0) throw invalidRequest(problems);
}

/** Every local file of a request checked (kind, size, whole), and a warning for each URL the provider may not fetch. */
export async function inspectFiles(
  provider: ResolvedProvider,
  request: GenerationRequest,
  warnings: string[],
): Promise<GenerationPlan['files']> {
  const { adapter, preset } = provider;
  const files: GenerationPlan['files'] = {};
  for (const { role, ref, flag, kind } of mediaEntries(request)) {
    if (ref.kind === 'file') {
      const file = await inspectLocalFile(ref.path, kind, flag, uploadLimit(provider));
      const floor = adapter.upload?.minBytes;
      if (floor !== undefined && file.bytes < floor && !sendsInline(adapter, role, file)) {
        throw new UsageError(`${flag} ${ref.path} is ${file.bytes} bytes; ${preset.name} uploads must be at least ${floor} bytes.`);
      }
      await checkWholeVideo(file, flag);
      if (
        adapter.media.imageFile === 'inline-or-upload' &&
        kind === 'image' &&
        !preset.features.upload &&
        dataUriLength(file.mime, file.bytes) > adapter.media.inlineMaxBytes
      ) {
        throw new UsageError(`${flag} ${ref.path} is too large to send inline, and ${preset.name} has no upload endpoint.`, {
          hint: 'Use a smaller image (under about 3.7 MB), or host it and pass an https:// URL.',
        });
      }
      files[role] = file;
    }
    if (ref.kind === 'url' && adapter.media.httpsUrl === 'warn') {
      warnings.push(`${flag} ${ref.url} is not on ${preset.name}'s own storage; it may reject it. Pass a local file to have it uploaded.`);
    }
  }
  return files;
}

/** Whole seconds of an input video (rounded up, as billing counts them), when its header says. */
function wholeSeconds(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.max(1, Math.ceil(seconds - 1e-6));
}

/** The allowed ratio nearest the input video's shape, so a portrait clip is not made landscape. */
export function closestRatio(
  ratios: readonly string[],
  picture: { width?: number | undefined; height?: number | undefined },
): string | undefined {
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
  const { run } = plan.request;
  const body = run ? replaceAt(run.body, new Map(run.media.map(({ path }) => [path.join('.'), uris[runRole(path)]]))) : undefined;
  return {
    ...plan.request.extras,
    body,
    model: plan.model,
    prompt: plan.request.prompt,
    image: uris.image,
    lastFrame: uris.lastFrame,
    video: uris.video,
    references: listUris(plan.request, 'references', uris),
    referenceVideos: listUris(plan.request, 'referenceVideos', uris),
    referenceAudio: listUris(plan.request, 'referenceAudio', uris),
    character:
      uris.character === undefined ? undefined : { uri: uris.character, type: visualType(uris.character, plan.files.character?.mime) },
    imageName: plan.request.image?.kind === 'file' ? plan.files.image?.name : undefined,
    ratio: plan.ratio,
    duration: plan.autoDuration ? 'auto' : plan.duration,
    seed: plan.seed,
    extend,
    quirks,
  };
}

/** Whether a local file goes inline as a data URI (small images, official protocol) or is uploaded. */
export function sendsInline(adapter: ProtocolAdapter, role: MediaRole, file: LocalFile): boolean {
  return (
    adapter.media.imageFile === 'inline-or-upload' &&
    file.mime.startsWith('image/') &&
    dataUriLength(file.mime, file.bytes) <= adapter.media.inlineMaxBytes
  );
}

/** Whether a picture-or-clip input (Act-Two's character) is a clip: by its bytes where local, else by its name. */
export function visualType(uri: string, mime: string | undefined): 'image' | 'video' {
  if (mime) return mime.startsWith('video/') ? 'video' : 'image';
  if (/^data:video\//i.test(uri)) return 'video';
  return /\.(mp4|mov|webm|m4v)(\?|#|$)/i.test(uri) ? 'video' : 'image';
}

/** The largest local file the provider can take: by upload where it has one, else inline. */
export function uploadLimit({ adapter, preset }: Pick<ResolvedProvider, 'adapter' | 'preset'>): number {
  return (adapter.upload && preset.features.upload ? adapter.upload.maxBytes : adapter.media.inlineMaxBytes) || Infinity;
}
