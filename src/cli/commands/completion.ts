/** `runway completion bash|zsh|fish`: generated from the command tree itself, so it cannot drift. */
import { allCommands, buildProgram } from '../program.js';
import { describe, renderCompletion } from '../views/completion.js';
import type { HandlerContext } from '../handler.js';

export async function run({ args }: HandlerContext): Promise<number> {
  return renderCompletion(args[0], describe(await buildProgram({ exitCode: 0 }, allCommands)).subcommands);
}
