/** The exact last decoded frame of a clip, as a lossless PNG: where a chained continuation starts. */
import { runTool, type MediaTools } from '../media-tools/ffmpeg.js';

export async function extractLastFrame(tools: MediaTools, clip: string, dest: string): Promise<string> {
  // Decoding from a few seconds before the end and keeping only the frame written last is both
  // quick and exact (`-update 1` overwrites one image with every decoded frame).
  await runTool(tools.ffmpeg, ['-v', 'error', '-sseof', '-3', '-i', clip, '-an', '-update', '1', '-y', dest]);
  return dest;
}
