/** What every command's handler is given: its arguments and the options its flags parsed to. */
import type { Command } from 'commander';

export interface HandlerContext<Options = Record<string, unknown>> {
  args: string[];
  /** What commander parsed from the flags the command declares (see flags.ts for the shapes). */
  options: Options;
  command: Command;
  /** Extra fixed options (e.g. the model of a shortcut command). */
  preset: Record<string, unknown>;
  argv: string[];
}
