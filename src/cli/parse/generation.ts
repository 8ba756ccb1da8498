/**
 * generate, the model shortcuts and the official endpoint commands: their flags to one typed
 * ask (the request fields through the field table), read once here.
 */
import { buildRequest } from '../../core/inputs/request-options.js';
import { UsageError } from '../../core/errors.js';
import { routerPrefix } from '../../core/models/models.js';
import { toolCommand } from '../../providers/official/tools.js';
import { parseBase, type CommandBase } from './session.js';
import { resolvePrompt } from './prompt.js';
import type { GenerationAsk } from '../../core/generation/ask.js';
import type { GenerationFlags } from '../options/flags.js';
import type { HandlerContext } from '../handler.js';

/** The model asked for, or a Model Router config in its place (`router:<config>`): never both. */
function modelOf(model: string | undefined, router: string | undefined, needed: boolean): string | undefined {
  if (model !== undefined && router !== undefined)
    throw new UsageError('--router picks the model itself: give --router or a model (--model, a shortcut), not both.');
  if (router !== undefined) return `${routerPrefix}${router}`;
  if (model === undefined && needed)
    throw new UsageError('generate needs a model: --model <id> (`runway models` lists them), or --router <config>.');
  return model;
}

export async function parseGeneration(
  options: GenerationFlags,
  context: Omit<HandlerContext, 'options'>,
): Promise<{ base: CommandBase; ask: GenerationAsk }> {
  const { args, preset, argv } = context;
  const { prompt, promptFile, then = [], dryRun, maxCredits, out, output } = options;
  const tool = typeof preset.tool === 'string' ? toolCommand(preset.tool) : undefined;
  const given: Record<string, unknown> = { ...options };
  // The video worked on is the positional argument; Act-Two's is the performance it follows.
  if (tool?.takesVideo) given.video = args[0];
  if (tool?.endpoint === 'character_performance') Object.assign(given, { video: options.reference, reference: undefined });
  const base = parseBase(options);
  const request = buildRequest(given, await resolvePrompt(prompt, promptFile));
  return {
    base,
    ask: {
      model: modelOf((preset.model as string | undefined) ?? options.model, options.router, tool === undefined),
      tool,
      request,
      wait: options.wait !== false,
      then,
      onlyFinal: options.onlyFinal === true,
      writeInfoJson: options.writeInfoJson === true,
      budget: { dryRun: dryRun === true, maxCredits },
      place: { out, template: output },
      command: argv.slice(2),
    },
  };
}
