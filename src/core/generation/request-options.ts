/** Generate options (flags, or the fields of a batch line) to a protocol-neutral GenerationRequest. */
import { UsageError } from '../errors.js';
import { classifyMedia } from '../../providers/media-ref.js';
import type { GenerationRequest } from '../../providers/validate.js';
import type { CameraMotion, GenerationExtras } from '../../providers/types.js';

const cameraKeys: (keyof CameraMotion)[] = ['x', 'y', 'z', 'r', 'bg_x_pan', 'bg_y_pan'];

export function parseCamera(text: string): CameraMotion {
  const motion: CameraMotion = { x: 0, y: 0, z: 0, r: 0, bg_x_pan: 0, bg_y_pan: 0 };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)=(-?\d+(?:\.\d+)?)$/i.exec(part);
    const key = m?.[1] as keyof CameraMotion | undefined;
    if (!m || !key || !cameraKeys.includes(key)) {
      throw new UsageError(`--camera "${part}" is not key=number with a key among ${cameraKeys.join(', ')}.`);
    }
    motion[key] = Number(m[2]);
  }
  return motion;
}

export function extrasFromOptions(options: Record<string, unknown>): GenerationExtras {
  if (options.explore && options.fast) throw new UsageError('--explore and --fast contradict each other; pick one.');
  const threshold = options.publicFigureThreshold as string | undefined;
  if (threshold !== undefined && threshold !== 'auto' && threshold !== 'low') {
    throw new UsageError(`--public-figure-threshold must be auto or low (got "${threshold}").`);
  }
  return {
    webhook: options.webhook as string | undefined,
    watermark: options.watermark as boolean | undefined,
    motion: options.motion as number | undefined,
    interpolate: options.interpolate as boolean | undefined,
    upscale: options.upscale as boolean | undefined,
    explore: options.explore ? true : options.fast ? false : undefined,
    enhancePrompt: options.enhancePrompt as boolean | undefined,
    endFrame: options.endFrame as boolean | undefined,
    structure: options.structure as number | undefined,
    style: options.style as string | undefined,
    camera: options.camera !== undefined ? parseCamera(options.camera as string) : undefined,
    publicFigureThreshold: threshold as GenerationExtras['publicFigureThreshold'],
  };
}

/** `prompt` is passed in already resolved (stdin and prompt files are the caller's business). */
export function buildRequest(options: Record<string, unknown>, prompt: string | undefined): GenerationRequest {
  const media = (field: string) => {
    const value = options[field] as string | undefined;
    return value === undefined ? undefined : classifyMedia(value);
  };
  return {
    prompt,
    image: media('image'),
    lastFrame: media('lastFrame'),
    video: media('video'),
    ratio: options.ratio as string | undefined,
    duration: options.duration as number | undefined,
    seed: options.seed as number | undefined,
    extras: extrasFromOptions(options),
  };
}
