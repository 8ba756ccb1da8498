/** `runway stitch <clip>… -o film.mp4 [--crossfade <s>]`: one film from several clips. */
import { findMediaTools } from '../../core/media-tools/ffmpeg.js';
import { stitchClips } from '../../core/media-tools/stitch.js';
import { renderStitched } from '../views/film.js';
import type { HandlerContext } from '../handler.js';

interface StitchFlags {
  output: string;
  crossfade?: number;
  json?: boolean;
  quiet?: boolean;
}

export async function run({ args, options }: HandlerContext<StitchFlags>): Promise<number> {
  const film = await stitchClips(findMediaTools(), args, options.output, { crossfade: options.crossfade });
  return renderStitched(film, { json: options.json === true, quiet: options.quiet === true });
}
