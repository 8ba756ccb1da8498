/** Command-line flags to a protocol-neutral GenerationRequest. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { classifyMedia } from '../providers/media-ref.js';
import type { GenerationRequest } from '../providers/validate.js';
import type { CameraMotion, GenerationExtras } from '../providers/types.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--prompt - reads the prompt from stdin, but stdin is a terminal. Pipe the prompt in, or use --prompt-file.');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function resolvePrompt(options: Record<string, unknown>): Promise<string | undefined> {
  const prompt = options.prompt as string | undefined;
  const file = options.promptFile as string | undefined;
  if (prompt !== undefined && file !== undefined) throw new UsageError('Use either --prompt or --prompt-file, not both.');
  if (file !== undefined) {
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch (error) {
      throw new UsageError(`--prompt-file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
  }
  if (prompt === '-') return (await readStdin()).trim();
  return prompt;
}

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

export async function requestFromOptions(options: Record<string, unknown>): Promise<GenerationRequest> {
  const media = (flag: string) => {
    const value = options[flag] as string | undefined;
    return value === undefined ? undefined : classifyMedia(value);
  };
  return {
    prompt: await resolvePrompt(options),
    image: media('image'),
    lastFrame: media('lastFrame'),
    video: media('video'),
    ratio: options.ratio as string | undefined,
    duration: options.duration as number | undefined,
    seed: options.seed as number | undefined,
    extras: extrasFromOptions(options),
  };
}
