/** `runway generate`, the model shortcuts (gen4, gen3, …) and the official API's other endpoints (upscale, image…). */
import { generateCommand } from '../../core/generation/command.js';
import { parseGeneration } from '../parse/generation.js';
import { withSession } from '../session/with-session.js';
import { renderGeneration } from '../views/generation.js';
import type { HandlerContext } from '../handler.js';
import type { GenerationFlags } from '../options/flags.js';

export async function run(context: HandlerContext<GenerationFlags>): Promise<number> {
  const { base, ask } = await parseGeneration(context.options, context);
  const outcome = await withSession(base, ({ session }) => generateCommand(session, ask));
  return renderGeneration(outcome, base.mode);
}
