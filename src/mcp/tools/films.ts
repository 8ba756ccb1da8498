/** stitch: clips joined into one film, written into the server's output folder. */
import { z } from 'zod';
import { Roots } from '../../core/inputs/confine.js';
import { findMediaTools } from '../../core/media-tools/ffmpeg.js';
import { stitchClips } from '../../core/media-tools/stitch.js';
import { resolveInside } from '../../core/download/naming.js';
import { strictArguments } from '../fields.js';
import { result } from '../results.js';
import type { McpContext } from '../context.js';
import type { ToolDef } from './tool.js';

export const filmTools = (ctx: McpContext): ToolDef[] => [
  {
    name: 'stitch',
    title: 'Join clips',
    description:
      "Join clips into one film (streams copied when they match, else re-encoded to H.264); clips under the roots or the server's output folder, the film written into the output folder. Needs ffmpeg. Costs nothing.",
    input: strictArguments({
      clips: z.array(z.string()).min(1).max(100).describe('the clips in order'),
      output: z.string().min(1).describe("the film's file name, inside the output folder (never overwritten)"),
      crossfade: z.number().min(0).max(10).optional().describe('fade each clip into the next over this many seconds'),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    commands: ['stitch'],
    call: async (args) => {
      const outDir = ctx.outDir();
      const roots = new Roots([...(await ctx.roots()).given, outDir]);
      const clips = (args.clips as string[]).map((clip, i) => roots.file(`clips[${i}]`, clip));
      const film = await stitchClips(findMediaTools(), clips, resolveInside(outDir, args.output as string), {
        crossfade: args.crossfade as number | undefined,
      });
      return result(
        { film: film.file, seconds: film.seconds, joined: film.mode },
        `Joined ${film.clips} clips into ${film.file} (${film.seconds.toFixed(2)} s).`,
      );
    },
  },
];
