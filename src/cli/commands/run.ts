/** `runway run <endpoint>` and the endpoint commands (sound, speak, dub, isolate, revoice, avatar, image-upscale, recipe). */
import { runCommand } from '../../core/run/command.js';
import { parseRun } from '../parse/run.js';
import { withSession } from '../session/with-session.js';
import { renderGeneration } from '../views/generation.js';
import type { HandlerContext } from '../handler.js';
import type { RunFlags } from '../options/flags.js';

export async function run(context: HandlerContext<RunFlags>): Promise<number> {
  const { base, ask } = await parseRun(context.options, context);
  const outcome = await withSession(base, ({ session }) => runCommand(session, ask));
  return renderGeneration(outcome, base.mode);
}
