/**
 * Generate options (flags, or the fields of a batch line: the same names) to a protocol-neutral
 * GenerationRequest, read through the field table: nothing here names a field but the inputs
 * every protocol has.
 */
import { UsageError } from '../errors.js';
import { classifyMedia } from '../../providers/media-ref.js';
import { extraFields, type ExtraName, type GenerationExtras } from '../../providers/fields/generation.js';
import { camelOf, fieldLabel, type FieldSpec } from '../../providers/fields/spec.js';
import type { GenerationRequest } from '../../providers/validate.js';
import type { CameraMotion } from '../../providers/types.js';

const cameraKeys: (keyof CameraMotion)[] = ['x', 'y', 'z', 'r', 'bg_x_pan', 'bg_y_pan'];

export function parseCamera(text: string): CameraMotion {
  const motion: CameraMotion = { x: 0, y: 0, z: 0, r: 0, bg_x_pan: 0, bg_y_pan: 0 };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z_]+)=(-?\d+(?:\.\d+)?)$/i.exec(part);
    const key = m?.[1] as keyof CameraMotion | undefined;
    if (!m || !key || !cameraKeys.includes(key)) {
      throw new UsageError(`--camera "${part}" is not key=number with a key among ${cameraKeys.join(', ')}.`);
    }
    motion[key] = Number(m[2]);
  }
  return motion;
}

/** `--param field=value` (the value is JSON when it parses), or a batch line's `params` object. */
export function parseParams(given: unknown): Record<string, unknown> | undefined {
  if (given === undefined) return undefined;
  if (!Array.isArray(given)) return given as Record<string, unknown>;
  const pairs = (given as string[]).map((item): [string, unknown] => {
    const m = /^([A-Za-z_][A-Za-z0-9_.]*)=([\s\S]*)$/.exec(item);
    if (!m) throw new UsageError(`--param "${item}" is not field=value (e.g. --param negativePrompt=blurry).`);
    const [, key, raw] = m as unknown as [string, string, string];
    try {
      return [key, JSON.parse(raw)];
    } catch {
      return [key, raw];
    }
  });
  // fromEntries keeps every key as the object's own (an assignment of "__proto__" would drop it unseen): validation names it.
  return Object.fromEntries(pairs);
}

/** The value of one field, with its alias (`--fast` for explore=false) folded in. */
function valueOf(name: string, spec: FieldSpec, options: Record<string, unknown>): unknown {
  if (spec.kind === 'params') return parseParams(options[name] ?? (spec.batchKey ? options[spec.batchKey] : undefined));
  const value = options[name];
  const aliased = spec.alias ? options[camelOf(spec.alias.flag)] : undefined;
  if (value && aliased) throw new UsageError(`${fieldLabel(spec).replace('/', ' and ')} contradict each other; pick one.`);
  if (aliased) return spec.alias?.value;
  if (value === undefined) return undefined;
  if (spec.kind === 'camera') return parseCamera(typeof value === 'string' ? value : JSON.stringify(value));
  if (spec.kind === 'boolean' && spec.alias && value === false) return undefined;
  return value;
}

export function extrasFromOptions(options: Record<string, unknown>): GenerationExtras {
  const extras: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(extraFields) as [ExtraName, FieldSpec][]) {
    const value = valueOf(name, spec, options);
    if (value !== undefined) extras[name] = value;
  }
  return extras;
}

/** `prompt` is passed in already resolved (stdin and prompt files are the caller's business). */
export function buildRequest(options: Record<string, unknown>, prompt: string | undefined): GenerationRequest {
  const media = (field: 'image' | 'lastFrame' | 'video' | 'character') => {
    const value = options[field] as string | undefined;
    return value === undefined ? undefined : classifyMedia(value);
  };
  const mediaList = (field: 'reference' | 'referenceVideo' | 'referenceAudio') => {
    const values = options[field] as string[] | string | undefined;
    return values === undefined ? undefined : (Array.isArray(values) ? values : [values]).map(classifyMedia);
  };
  return {
    prompt,
    image: media('image'),
    lastFrame: media('lastFrame'),
    video: media('video'),
    character: media('character'),
    references: mediaList('reference'),
    referenceVideos: mediaList('referenceVideo'),
    referenceAudio: mediaList('referenceAudio'),
    ratio: options.ratio as string | undefined,
    duration: options.duration as number | 'auto' | undefined,
    seed: options.seed as number | undefined,
    extras: extrasFromOptions(options),
  };
}
