/**
 * What the simulated official API accepts. The strict flavour (runwayml) is the API of today:
 * exactly the catalog's models and fields; the gateway flavours keep their own, older tables.
 */
import { officialModels } from '../providers/official/models.js';
import { officialCatalog } from '../providers/official/catalog/index.js';
import { checkBody } from '../providers/official/catalog/check.js';
import type { ModelSpec } from '../providers/types.js';
import { isObject } from './http-util.js';
import type { SimContext } from './context.js';

export type OfficialFlavor = 'runwayml' | 'openai-hk' | 'anyapi' | 'wrapped';

const gatewayFields = new Set([
  'model',
  'promptImage',
  'promptText',
  'ratio',
  'duration',
  'seed',
  'contentModeration',
  'watermark',
  'notify_hook',
]);
const videoFields = new Set(['model', 'videoUri', 'promptText', 'ratio', 'seed', 'contentModeration']);

export type OfficialEndpoint = 'image' | 'text' | 'video';

export interface Issue {
  path: string[];
  message: string;
}

export function validUri(ctx: SimContext, uri: unknown, kind: 'image' | 'video' | 'audio' = 'image'): string | undefined {
  if (typeof uri !== 'string' || uri === '') return 'must be a non-empty string';
  if (uri.startsWith('data:') && kind === 'audio')
    return /^data:audio\/(mpeg|mp3|wav|x-wav|mp4|ogg);base64,[A-Za-z0-9+/=]+$/.test(uri)
      ? undefined
      : 'data URI must be a base64 MP3, WAV, M4A or Ogg audio file';
  if (uri.startsWith('data:') && kind === 'video')
    return /^data:video\/(mp4|quicktime|webm);base64,[A-Za-z0-9+/=]+$/.test(uri)
      ? undefined
      : 'data URI must be a base64 MP4, MOV or WebM video';
  if (uri.startsWith('data:'))
    return /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/.test(uri)
      ? undefined
      : 'data URI must be a base64 JPEG, PNG or WebP image';
  if (uri.startsWith('runway://')) {
    const id = uri.replace('runway://uploads/', '');
    return ctx.uploads.get(id)?.bytes !== undefined ? undefined : 'unknown or incomplete runway:// upload';
  }
  if (!uri.startsWith('https://') && !uri.startsWith(ctx.storageUrl)) return 'must be an https URL, a data URI or a runway:// URI';
  return uri.length > 2048 ? 'URL longer than 2048 characters' : undefined;
}

function validateVideoToVideo(ctx: SimContext, model: ModelSpec, body: Record<string, unknown>, issues: Issue[]): Issue[] {
  if (!model.video) issues.push({ path: ['model'], message: `${model.id} does not support video_to_video` });
  const ratioOk =
    body.ratio === undefined
      ? model.ratios.length === 0
      : typeof body.ratio === 'string' && (model.ratios.length === 0 || model.ratios.includes(body.ratio));
  if (!ratioOk) issues.push({ path: ['ratio'], message: `Invalid ratio for ${model.id}` });
  const problem = validUri(ctx, body.videoUri, 'video');
  if (problem) issues.push({ path: ['videoUri'], message: problem });
  return issues;
}

/** Every media URI of an official body, with its path: promptImage, videoUri/promptVideo, references, keyframes. */
function mediaUris(body: Record<string, unknown>): [string[], unknown, 'image' | 'video' | 'audio'][] {
  const found: [string[], unknown, 'image' | 'video' | 'audio'][] = [];
  if (typeof body.promptImage === 'string') found.push([['promptImage'], body.promptImage, 'image']);
  if (Array.isArray(body.promptImage))
    body.promptImage.forEach((f, i) => found.push([['promptImage', String(i), 'uri'], isObject(f) ? f.uri : undefined, 'image']));
  for (const key of ['videoUri', 'promptVideo']) if (body[key] !== undefined) found.push([[key], body[key], 'video']);
  for (const [key, kind] of [
    ['references', 'image'],
    ['referenceVideos', 'video'],
    ['referenceAudio', 'audio'],
    ['keyframes', 'image'],
  ] as const) {
    if (Array.isArray(body[key]))
      (body[key] as unknown[]).forEach((r, i) => found.push([[key, String(i), 'uri'], isObject(r) ? r.uri : undefined, kind]));
  }
  return found;
}

/** Media URIs in the other endpoints' bodies: videoUri, character/reference, referenceImages. */
export function otherMediaUris(body: unknown): [string[], unknown][] {
  if (!isObject(body)) return [];
  const found: [string[], unknown][] = [];
  if (body.videoUri !== undefined) found.push([['videoUri'], body.videoUri]);
  for (const key of ['character', 'reference']) if (isObject(body[key])) found.push([[key, 'uri'], body[key].uri]);
  if (Array.isArray(body.referenceImages))
    body.referenceImages.forEach((r, i) => found.push([['referenceImages', String(i), 'uri'], isObject(r) ? r.uri : undefined]));
  return found;
}

/** The strict flavour is the API of today: exactly the catalog's models and fields, as the SDK types them. */
function validateAgainstCatalog(ctx: SimContext, endpoint: OfficialEndpoint, body: Record<string, unknown>): Issue[] {
  const issues: Issue[] = checkBody(officialCatalog, `${endpoint}_to_video`, body);
  for (const [path, uri, kind] of mediaUris(body)) {
    const problem = validUri(ctx, uri, kind === 'audio' ? 'video' : kind);
    if (problem && !(kind === 'audio' && typeof uri === 'string' && /^data:audio\//.test(uri))) issues.push({ path, message: problem });
  }
  if (typeof body.seed === 'number' && !(body.seed >= 0 && body.seed <= 4294967295))
    issues.push({ path: ['seed'], message: 'seed must be an integer in 0..4294967295' });
  return issues;
}

export function validateOfficialCreate(ctx: SimContext, flavor: OfficialFlavor, endpoint: OfficialEndpoint, body: unknown): Issue[] {
  if (!isObject(body)) return [{ path: [], message: 'body must be a JSON object' }];
  if (flavor === 'runwayml') return validateAgainstCatalog(ctx, endpoint, body);
  const issues: Issue[] = [];
  const allowed = endpoint === 'video' ? videoFields : gatewayFields;
  for (const key of Object.keys(body)) if (!allowed.has(key)) issues.push({ path: [key], message: 'Unrecognized key' });
  const model = officialModels.find((m) => m.wire === body.model);
  if (!model) return [...issues, { path: ['model'], message: `Invalid model "${String(body.model)}"` }];
  if (body.seed !== undefined && !(Number.isInteger(body.seed) && (body.seed as number) >= 0 && (body.seed as number) <= 4294967295)) {
    issues.push({ path: ['seed'], message: 'seed must be an integer in 0..4294967295' });
  }
  if (body.promptText !== undefined && (typeof body.promptText !== 'string' || [...body.promptText].length > 1000)) {
    issues.push({ path: ['promptText'], message: 'promptText must be a string of at most 1000 characters' });
  }
  if (endpoint === 'video') return validateVideoToVideo(ctx, model, body, issues);
  if (endpoint === 'text' && !model.text) issues.push({ path: ['model'], message: `${model.id} does not support text_to_video` });
  if (endpoint === 'image' && !model.image) issues.push({ path: ['model'], message: `${model.id} does not support image_to_video` });
  if (typeof body.ratio !== 'string' || !(endpoint === 'text' && model.textRatios ? model.textRatios : model.ratios).includes(body.ratio)) {
    issues.push({ path: ['ratio'], message: `Invalid ratio for ${model.id}` });
  }
  // The gateways' own gen4_turbo takes 5 or 10 s (seeds 001, 003).
  const durations = model.id === 'gen4_turbo' ? [5, 10] : model.durations;
  if (body.duration !== undefined && durations.length > 0 && !durations.includes(body.duration as number))
    issues.push({ path: ['duration'], message: 'Invalid duration' });
  if (endpoint === 'text') {
    if (typeof body.promptText !== 'string' || body.promptText.trim() === '') issues.push({ path: ['promptText'], message: 'Required' });
    return issues;
  }
  const image = body.promptImage;
  const lastAllowed = model.lastFrame || (flavor === 'openai-hk' && model.id === 'gen4_turbo');
  if (typeof image === 'string') {
    const problem = validUri(ctx, image);
    if (problem) issues.push({ path: ['promptImage'], message: problem });
  } else if (Array.isArray(image) && image.length >= 1 && image.length <= 2) {
    image.forEach((frame, i) => {
      if (!isObject(frame) || (frame.position !== 'first' && frame.position !== 'last')) {
        issues.push({ path: ['promptImage', String(i)], message: 'expected {uri, position: "first"|"last"}' });
        return;
      }
      const problem = validUri(ctx, frame.uri);
      if (problem) issues.push({ path: ['promptImage', String(i), 'uri'], message: problem });
      if (frame.position === 'last' && !lastAllowed)
        issues.push({ path: ['promptImage', String(i), 'position'], message: `${model.id} does not accept a last frame` });
    });
  } else {
    issues.push({ path: ['promptImage'], message: 'Required: a URI string or an array of {uri, position}' });
  }
  return issues;
}
