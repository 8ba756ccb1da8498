/**
 * The program: every command of the command table (cli/table, by group), registered in one place.
 * Handlers are imported only when their command runs, so start-up cost stays flat as commands are
 * added.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Command as CommandType, CommanderError as CommanderErrorType } from 'commander';
import { generationCommands } from './table/generation.js';
import { workCommands } from './table/work.js';
import { accountCommands } from './table/account.js';
import { machineCommands } from './table/machine.js';
import type { CommandSpec, HandlerModule } from './table/spec.js';

// commander is CommonJS: require() skips the ESM-to-CJS bridge (a measurable part of start-up).
const commander = createRequire(import.meta.url)('commander') as typeof import('commander');
const { Command } = commander;
export const CommanderError: typeof CommanderErrorType = commander.CommanderError;
export type Command = CommandType;

export const version: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Pass to buildProgram to build every command's options (completion scripts need them all). */
export const allCommands = Symbol('all commands');

export interface RunState {
  exitCode: number;
}

function lazy(state: RunState, load: () => Promise<HandlerModule>, preset: Record<string, unknown> = {}) {
  return async (...actionArgs: unknown[]) => {
    const command = actionArgs[actionArgs.length - 1] as Command;
    const args = command.args;
    const { run } = await load();
    const code = await run({ args, options: command.opts<never>(), command, preset, argv: process.argv });
    state.exitCode = code ?? 0;
  };
}

export { shortcuts } from './table/shortcuts.js';

/**
 * The command named on the command line ("help gen4" names gen4), or undefined for the root.
 * Only that command gets its options built: twenty commands with ~40 options each are a
 * measurable share of start-up, and root help and typo suggestions need only names.
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

const commandTable: CommandSpec[] = [...generationCommands, ...workCommands, ...accountCommands, ...machineCommands];

async function addCommand(parent: Command, spec: CommandSpec, state: RunState, detailed: boolean): Promise<void> {
  const cmd = parent.command(spec.usage).description(spec.description);
  if (spec.group) cmd.helpGroup(spec.group);
  if (spec.subcommands) {
    for (const sub of spec.subcommands) await addCommand(cmd, sub, state, detailed);
    return;
  }
  cmd.action(lazy(state, spec.handler, spec.preset));
  if (detailed) await spec.options?.(cmd);
}

export async function buildProgram(state: RunState, invoked: string | undefined | typeof allCommands): Promise<Command> {
  const program = new Command('runway')
    .description('Generate AI videos with Runway models through the official API and reseller gateways, and save the mp4s.')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const spec of commandTable) {
    const name = spec.usage.split(' ')[0] as string;
    await addCommand(program, spec, state, invoked === allCommands || invoked === name);
  }
  return program;
}
