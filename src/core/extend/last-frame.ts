/** The exact last decoded frame of a clip, as a lossless PNG: where a chained continuation starts. */
import { join } from 'node:path';
import { fileArg, runTool, type MediaTools } from '../media-tools/ffmpeg.js';
import { inspectLocalFile } from '../inputs/media.js';
import { uploadLimit, type GenerationPlan } from '../generation/plan.js';
import type { Session } from '../session/session.js';

export async function extractLastFrame(tools: MediaTools, clip: string, dest: string): Promise<string> {
  // Decoding from a few seconds before the end and keeping only the frame written last is both
  // quick and exact (`-update 1` overwrites one image with every decoded frame).
  await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-sseof', '-3', '-i', fileArg(clip), '-an', '-update', '1', '-y', fileArg(dest)]);
  return dest;
}

/**
 * A plan whose first frame is the last frame of `clip` (cut into `dir` as last-frame-<n>.png),
 * sent as a file, or as the URL `publish` gives it where the provider takes only URLs.
 */
export async function startingFrom(
  session: Session,
  tools: MediaTools,
  plan: GenerationPlan,
  clip: string,
  dir: string,
  n: number,
  publish?: (frame: string) => Promise<string>,
): Promise<GenerationPlan> {
  const frame = await extractLastFrame(tools, clip, join(dir, `last-frame-${n}.png`));
  if (publish) return { ...plan, request: { ...plan.request, image: { kind: 'url', url: await publish(frame) } } };
  const image = await inspectLocalFile(frame, 'image', 'the last frame', uploadLimit(session.provider));
  return { ...plan, request: { ...plan.request, image: { kind: 'file', path: frame } }, files: { ...plan.files, image } };
}
