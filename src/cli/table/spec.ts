/** A command of the command table: its usage, help, lazily loaded handler and options. */
import type { Command } from 'commander';
import type { HandlerContext } from '../handler.js';
import { providerOptions, waitOptions } from '../options/options.js';

// Each handler declares the option shape its command's flags give (flags.ts).
export type HandlerModule = { run: (context: HandlerContext<never>) => Promise<number | void> };

export interface CommandSpec {
  /** Name and arguments, e.g. "extend <task-id>". */
  usage: string;
  description: string;
  handler: () => Promise<HandlerModule>;
  preset?: Record<string, unknown>;
  /** Adds the command's options; run only for the command being invoked. */
  options?: (cmd: Command) => Command | Promise<Command>;
  /** The heading it is listed under in `runway --help`. */
  group?: string;
  subcommands?: CommandSpec[];
}

export const generation = async (cmd: Command) =>
  providerOptions(waitOptions((await import('../options/field-options.js')).generationOptions(cmd)));
export const generateHandler = () => import('../commands/generate.js');
export const runHandler = () => import('../commands/run.js');
export const workflowHandler = () => import('../commands/workflow.js');
export const authHandler = () => import('../commands/auth.js');
export const configHandler = () => import('../commands/config.js');
export const json = (cmd: Command) => cmd.option('--json', 'print JSON');
