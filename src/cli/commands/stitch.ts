/** `runway stitch <clip>… -o film.mp4 [--crossfade <s>]`: one film from several clips. */
import { findMediaTools } from '../../core/media-tools/ffmpeg.js';
import { stitchClips } from '../../core/media-tools/stitch.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { HandlerContext } from '../handler.js';

interface StitchFlags {
  output: string;
  crossfade?: number;
  json?: boolean;
  quiet?: boolean;
}

export async function run({ args, options }: HandlerContext<StitchFlags>): Promise<number> {
  const tools = findMediaTools();
  const made = await stitchClips(tools, args, options.output, { crossfade: options.crossfade });
  if (options.json) printJson(made);
  else {
    if (!options.quiet)
      say(
        `runway: joined ${made.clips} clip(s) into ${displayPath(made.file)} (${made.seconds.toFixed(2)} s, ${made.mode === 'copied' ? 'streams copied, lossless' : 're-encoded to H.264'})`,
      );
    printLine(displayPath(made.file));
  }
  return 0;
}
