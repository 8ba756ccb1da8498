/** upscale, frame-rate, hdr, act-two, image: the official API's other endpoints, run like generate. */
import { generate } from './generate.js';
import { requestFromOptions } from '../parse/request.js';
import { toolCommand, type ToolCommand } from '../../providers/official/tools.js';
import type { HandlerContext } from '../handler.js';
import type { GenerationFlags } from '../options/flags.js';

export async function run({ args, options, preset, argv }: HandlerContext<GenerationFlags>): Promise<number> {
  const tool = toolCommand(preset.tool as string) as ToolCommand;
  const given: GenerationFlags = { ...options };
  // The video worked on is the positional argument; Act-Two's is the performance it follows.
  if (tool.takesVideo) given.video = args[0];
  if (tool.endpoint === 'character_performance') Object.assign(given, { video: options.reference, reference: undefined });
  return generate(given, argv, options.model, await requestFromOptions(given), tool);
}
