/**
 * The flags of `runway run` and of the endpoint commands (sound, speak, dub…): the run's own
 * (--model, --param, --input, the budget and wait flags) and, for an endpoint command, one flag per
 * field of its endpoint, read from the catalog with what it takes as its help. Loaded only when
 * such a command is invoked.
 */
import type { Command } from 'commander';
import { endpointCommand, recipePrefix, type EndpointCommand } from '../../providers/official/run/commands.js';
import { catalogEndpoint, fieldHelp, taskEndpoints, type FieldHelp } from '../../providers/official/run/endpoints.js';
import { amount } from './options.js';

/** `promptText` → `--prompt-text`. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The endpoints an endpoint command runs: its own, or every recipe. */
export function commandEndpoints(command: EndpointCommand): string[] {
  return command.endpoint === recipePrefix ? taskEndpoints().filter((e) => e.startsWith(recipePrefix)) : [command.endpoint];
}

/** The flags every run has (its own, the provider's, the wait flags): a field named like one is set with --param. */
const runFlagNames = new Set(
  ['model', 'param', 'input', 'wait', 'dry-run', 'max-credits', 'provider', 'base-url', 'api-key', 'allow-insecure', 'json', 'quiet']
    .concat(['debug', 'out', 'output', 'write-info-json', 'poll-interval', 'timeout', 'stall-timeout', 'help'])
    .map((name) => `--${name}`),
);

/** Every field of the endpoints that gets a flag of its own, once each, with what it takes. */
export function fieldFlags(command: EndpointCommand): FieldHelp[] {
  const seen = new Map<string, FieldHelp>();
  const aliases = new Set(Object.keys(command.aliases ?? {}).map((a) => `--${a}`));
  for (const endpoint of commandEndpoints(command))
    for (const field of fieldHelp(endpoint)) {
      const flag = `--${kebab(field.name)}`;
      if (!seen.has(field.name) && !runFlagNames.has(flag) && !aliases.has(flag)) seen.set(field.name, field);
    }
  return [...seen.values()];
}

const repeat = (value: string, previous: string[] = []) => [...previous, value];

function runFlags(cmd: Command, models: string | undefined): Command {
  if (models !== undefined) cmd.option('-m, --model <id>', models);
  return cmd
    .option('--param <field=value>', 'set a field (repeatable; a.b=… for a nested one; JSON where it is an object or a list)', repeat)
    .option('--input <file>', 'start from a JSON body (a file, or - for stdin); flags and --param then set fields on it')
    .option('--no-wait', 'print the task id and exit without waiting')
    .option('--dry-run', 'print the request that would be sent and its estimated cost; send nothing')
    .option('--max-credits <n>', 'refuse to start if the estimated cost is above n', amount('--max-credits', 'a number of credits', true));
}

/** `runway workflow run`: the wait and budget flags of a run (its inputs are --node). */
export function workflowOptions(cmd: Command): Command {
  return cmd
    .option('--no-wait', 'print the invocation id and exit without waiting')
    .option('--dry-run', 'print the request that would be sent; send nothing')
    .option('--max-credits <n>', 'refuse to start over this many credits', amount('--max-credits', 'a number of credits', true));
}

/** `runway run <endpoint>`: the generic form. */
export function genericRunOptions(cmd: Command): Command {
  return runFlags(cmd, 'the model, on an endpoint keyed by model (`runway models` lists them)');
}

/** An endpoint command: the run's flags and one per field of its endpoint. */
export function endpointOptions(cmd: Command, name: string): Command {
  const command = endpointCommand(name);
  if (!command) return cmd;
  const variants = commandEndpoints(command).flatMap((e) =>
    catalogEndpoint(e)?.key === 'model' ? (catalogEndpoint(e)?.variants ?? []) : [],
  );
  runFlags(
    cmd,
    variants.length > 0 ? `${variants.map((v) => v.id).join(', ')}${command.model ? ` (default ${command.model})` : ''}` : undefined,
  );
  for (const [alias, { help }] of Object.entries(command.aliases ?? {})) cmd.option(`--${alias} <value>`, help);
  for (const field of fieldFlags(command)) {
    const flag = `--${kebab(field.name)}`;
    const boolean = field.takes === 'true or false';
    cmd.option(`${flag} ${boolean ? '[true|false]' : '<value>'}`, `${field.required ? '(required) ' : ''}${field.takes}`);
  }
  return cmd;
}
