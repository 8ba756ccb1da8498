/**
 * The commands for the official API's endpoints beyond video generation, as data: which
 * endpoint each calls, its default model, what it works on, and what `--then <name>:<value>`
 * sets when it is a step after a generation. Type-only imports: read at start-up.
 */
import type { ExtraName } from '../fields/generation.js';
import type { ToolEndpoint } from '../types.js';

export interface ToolCommand {
  name: string;
  endpoint: ToolEndpoint;
  /** The model used when --model is not given. */
  model: string;
  description: string;
  /** The positional argument: the video it works on. */
  takesVideo: boolean;
  /** The field `--then <name>:<value>` sets (`upscale:4k` is --resolution 4k). */
  stepField?: ExtraName;
}

export const toolCommands: readonly ToolCommand[] = [
  {
    name: 'upscale',
    endpoint: 'video_upscale',
    model: 'magnific_video_upscaler_creative',
    takesVideo: true,
    stepField: 'resolution',
    description: 'upscale a video (--resolution 720p|1k|2k|4k); a file, URL or task:<id>',
  },
  {
    name: 'frame-rate',
    endpoint: 'video_upscale',
    model: 'enhance_frame_rate',
    takesVideo: true,
    stepField: 'fps',
    description: "raise a video's frame rate (--fps 60)",
  },
  {
    name: 'hdr',
    endpoint: 'video_to_hdr',
    model: 'ruby',
    takesVideo: true,
    stepField: 'outputFormat',
    description: 'turn a video into HDR (--output-format hdr10|hlg|hdr_prores|…)',
  },
  {
    name: 'act-two',
    endpoint: 'character_performance',
    model: 'act_two',
    takesVideo: false,
    description: 'drive a character (--character image|video) with a performance (--reference video)',
  },
  {
    name: 'image',
    endpoint: 'text_to_image',
    model: 'gen4_image',
    takesVideo: false,
    description: 'make images from a prompt (and --reference images), e.g. a first frame',
  },
];

export function toolCommand(name: string): ToolCommand | undefined {
  return toolCommands.find((t) => t.name === name);
}
