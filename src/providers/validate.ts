/**
 * Pure validation of a generation request against a provider and a model table. Returns every
 * problem at once, each naming the allowed values, so the user fixes them in one go.
 */
import type { MediaRef } from './media-ref.js';
import type { ProviderPreset } from './presets.js';
import type { ExtraName, GenerationExtras, ModelSpec, ProtocolAdapter } from './types.js';
import { extraSpec, inputFields } from './fields/generation.js';
import { fieldLabel, rangeProblem } from './fields/spec.js';

export interface GenerationRequest {
  prompt?: string | undefined;
  image?: MediaRef | undefined;
  lastFrame?: MediaRef | undefined;
  video?: MediaRef | undefined;
  references?: MediaRef[] | undefined;
  referenceVideos?: MediaRef[] | undefined;
  referenceAudio?: MediaRef[] | undefined;
  character?: MediaRef | undefined;
  ratio?: string | undefined;
  duration?: number | 'auto' | undefined;
  seed?: number | undefined;
  extras: GenerationExtras;
  /** Set by `runway extend`. */
  extendTaskId?: string | undefined;
  /** A task endpoint's body as given (`runway run`): fields, media as the user named it. */
  run?: RunRequest | undefined;
}

export interface RunRequest {
  endpoint: string;
  body: Record<string, unknown>;
  /** Each media input of the body: where it is, what was given, what kind it must be. */
  media: { path: string[]; ref: MediaRef; kind: 'image' | 'video' | 'audio'; flag: string }[];
}

export const maxSeed = inputFields.seed.max;

/** How a field is named in a message: its flag (batch keys are the same names in camelCase). */
export function flagOf(extra: ExtraName): string {
  return fieldLabel(extraSpec(extra));
}

function list(values: readonly (string | number)[]): string {
  return values.join(', ');
}

function allowedExtras(adapter: ProtocolAdapter, preset: ProviderPreset, model: ModelSpec): Set<ExtraName> {
  const allowed = new Set<ExtraName>([...adapter.commonExtras, ...(model.extras ?? [])]);
  if (!preset.features.webhook) allowed.delete('webhook');
  if (!preset.features.watermark) allowed.delete('watermark');
  return allowed;
}

function mediaProblems(role: string, ref: MediaRef | undefined, adapter: ProtocolAdapter, preset: ProviderPreset): string[] {
  if (!ref) return [];
  const rules = adapter.media;
  const isVideo = role === '--video';
  switch (ref.kind) {
    case 'invalid':
      return [`${role} "${ref.text}" is not usable: ${ref.reason}.`];
    case 'insecure-url':
      return [`${role} must be an https:// URL, a local file, or a data URI; plain http:// is refused (${ref.url}).`];
    case 'runway':
      return rules.runwayUri && preset.features.upload
        ? []
        : [
            `${role} ${ref.uri}: runway:// URIs come from \`runway upload\` on the official API and work only there; ` +
              `${preset.name} cannot read them.`,
          ];
    case 'data': {
      if (rules.dataUriMaxBytes === 'refuse') {
        return [
          `${role}: ${preset.name} does not take data URIs. ` +
            `${rules.refuseAdvice ?? 'Pass a local file path instead; it will be uploaded.'}`,
        ];
      }
      const problems: string[] = [];
      if (!isVideo && !/^image\/(jpeg|png|webp)$/.test(ref.mime))
        problems.push(`${role}: data URI type ${ref.mime} is not accepted (JPEG, PNG or WebP).`);
      if (isVideo && !/^video\/(mp4|quicktime|webm)$/.test(ref.mime))
        problems.push(`${role}: data URI type ${ref.mime} is not a video (MP4, MOV or WebM).`);
      if (problems.length === 0 && ref.sniffed !== ref.mime) {
        problems.push(
          `${role}: the data URI says ${ref.mime} but its bytes ` +
            `${ref.sniffed ? `are ${ref.sniffed}` : 'are not a known image or video format'}.`,
        );
      }
      if (ref.uri.length > rules.dataUriMaxBytes) {
        problems.push(
          `${role}: the data URI is ${ref.uri.length} bytes; the limit is ${rules.dataUriMaxBytes}. Pass the file path instead.`,
        );
      }
      return problems;
    }
    case 'file': {
      const policy = isVideo ? rules.videoFile : rules.imageFile;
      if (policy === 'refuse') {
        return [
          isVideo
            ? `${role}: ${preset.name} cannot take a local video file.`
            : `${role} ${ref.path}: ${preset.name} takes images only as https:// URLs, not local files. ${rules.refuseAdvice ?? ''}`.trim(),
        ];
      }
      if (policy === 'upload' && !preset.features.upload) {
        return [`${role} ${ref.path}: ${preset.name} has no upload endpoint, so local files cannot be sent; use an https:// URL.`];
      }
      return [];
    }
    case 'url':
    case 'task':
    case 'frame':
      return [];
  }
}

/** Keys no API field has, which a plain object would take for its prototype. */
const notFieldNames = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `--param` (a batch line's `params`) only adds fields the CLI has no flag for: one that names a
 * field a flag owns would send what was neither validated, estimated nor reported.
 */
function paramProblems(params: Record<string, unknown> | undefined, adapter: ProtocolAdapter): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(params ?? {})) {
    const flag = adapter.ownedFields && Object.hasOwn(adapter.ownedFields, key) ? adapter.ownedFields[key] : undefined;
    if (notFieldNames.has(key)) problems.push(`--param ${key} is not an API field.`);
    else if (flag)
      problems.push(`--param ${key} sets a field the CLI owns: use ${flag} (it is checked, priced and reported; --param is not).`);
  }
  return problems;
}

export function validateGeneration(
  request: GenerationRequest,
  model: ModelSpec,
  adapter: ProtocolAdapter,
  preset: ProviderPreset,
): string[] {
  const problems: string[] = [];
  const on = `${model.id} on ${preset.name}`;
  const hasImage = request.image !== undefined || request.lastFrame !== undefined;
  const isVideoToVideo = request.video !== undefined;
  const isExtend = request.extendTaskId !== undefined;
  const isText = !hasImage && !isVideoToVideo && !isExtend && !request.character;

  const prompt = request.prompt;
  if (prompt !== undefined) {
    const length = [...prompt].length;
    if (length > model.promptMax) problems.push(`The prompt is ${length} characters; ${on} allows at most ${model.promptMax}.`);
    if (prompt.trim() === '') problems.push('The prompt is empty.');
  }
  if (isText && !model.text) {
    problems.push(`${on} needs an image (--image): it cannot do text-to-video.`);
  } else if (isText && prompt === undefined) {
    problems.push(`${model.output === 'image' ? 'An image' : 'Text-to-video'} needs a prompt (--prompt, --prompt-file or --prompt -).`);
  }
  if (request.image && !model.image) problems.push(`${on} is text-only: it does not take --image.`);
  if (request.lastFrame && !model.lastFrame) problems.push(`${on} does not take a last frame (--last-frame).`);
  if (isVideoToVideo && !model.video) problems.push(`${on} does not take a video input (--video).`);
  if (isVideoToVideo && hasImage) problems.push('--video cannot be combined with --image or --last-frame.');
  if (isExtend && !(preset.features.extend && model.extend)) problems.push(`${on} cannot extend a video.`);
  if (request.character && !model.character) problems.push(`${on} does not take a character (--character).`);
  if (model.character && !request.character) problems.push(`${on} needs a character (--character, an image or a video).`);
  if (model.character && !isVideoToVideo) problems.push(`${on} needs a performance to follow (--reference, a video).`);

  const ratios = isText && model.textRatios ? model.textRatios : model.ratios;
  if (request.ratio !== undefined && ratios.length > 0 && !ratios.includes(request.ratio)) {
    problems.push(
      `Ratio ${request.ratio} is not available for ${on}${isText && model.textRatios ? ' text-to-video' : ''}; use one ` +
        `of: ${list(ratios)}.`,
    );
  }
  if (request.ratio === undefined && ratios.length === 0 && !isVideoToVideo)
    problems.push(`${model.id} is not in the model table: pass --ratio (and --duration) explicitly.`);
  if (request.duration !== undefined && isVideoToVideo && model.lengthFromInput) {
    problems.push(`${on} makes a video as long as the input video: drop --duration (trim the input instead).`);
  } else if (request.duration === 'auto') {
    if (!model.durationAuto)
      problems.push(
        `--duration auto is not available for ${on}${model.durations.length ? `; use one of: ${list(model.durations)} (seconds)` : ''}.`,
      );
  } else if (request.duration !== undefined && model.durations.length > 0 && !model.durations.includes(request.duration)) {
    problems.push(`Duration ${request.duration} s is not available for ${on}; use one of: ${list(model.durations)} (seconds).`);
  }
  if (request.seed !== undefined) {
    if (!model.seed) problems.push(`${on} does not take a seed (--seed).`);
    else if (!Number.isInteger(request.seed) || request.seed < 0 || request.seed > maxSeed) {
      problems.push(`Seed ${request.seed} is out of range; use an integer from 0 to ${maxSeed}.`);
    }
  }

  const allowed = allowedExtras(adapter, preset, model);
  for (const [name, value] of Object.entries(request.extras) as [ExtraName, unknown][]) {
    if (value === undefined) continue;
    if (!allowed.has(name)) problems.push(`${flagOf(name)} is not supported by ${on}.`);
    const outOfRange = rangeProblem(extraSpec(name), value);
    if (outOfRange) problems.push(outOfRange);
  }
  problems.push(...paramProblems(request.extras.param, adapter));
  const { structure, webhook, endFrame } = request.extras;
  if (structure !== undefined && !isVideoToVideo) problems.push('--structure applies only to video-to-video (--video).');
  if (webhook !== undefined && !/^https?:\/\/[^\s]+$/i.test(webhook)) problems.push(`--webhook must be an http(s) URL (got ${webhook}).`);
  if (endFrame && request.image === undefined) problems.push('--end-frame needs --image.');
  if (endFrame && request.lastFrame !== undefined) problems.push('--end-frame cannot be combined with --last-frame.');

  problems.push(...mediaProblems('--image', request.image, adapter, preset));
  problems.push(...mediaProblems('--last-frame', request.lastFrame, adapter, preset));
  problems.push(...mediaProblems('--video', request.video, adapter, preset));
  problems.push(...mediaProblems('--character', request.character, adapter, preset));
  return problems;
}
