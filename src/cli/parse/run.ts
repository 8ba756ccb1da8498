/**
 * `runway run` and the endpoint commands: their arguments and flags to one typed ask, read once
 * here. The fields stay text: the core types them by the catalog (a number, a choice, JSON).
 */
import { UsageError } from '../../core/errors.js';
import { endpointCommand, recipePrefix } from '../../providers/official/run/commands.js';
import { catalogEndpoint, taskEndpoints } from '../../providers/official/run/endpoints.js';
import type { Assignment } from '../../providers/official/run/assign.js';
import type { RunAsk } from '../../core/run/ask.js';
import { parseBase, type CommandBase } from './session.js';
import { readSource } from './read-source.js';
import { fieldFlags, kebab } from '../options/run-options.js';
import type { HandlerContext } from '../handler.js';
import type { RunFlags } from '../options/flags.js';

/** `--param voice.presetId=Maya` → the path and the text. */
function paramAssignment(item: string): Assignment {
  const m = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)=([\s\S]*)$/.exec(item);
  if (!m) throw new UsageError(`--param "${item}" is not field=value (e.g. --param promptText="rain on a tin roof").`);
  const path = (m[1] as string).split('.');
  return { path, value: m[2], raw: true, flag: `--param ${m[1] as string}` };
}

async function inputBody(source: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (source === undefined) return undefined;
  const text = await readSource(source, 'input');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--input ${source} is not JSON: ${(error as Error).message}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`--input ${source} must hold one JSON object: the request body.`);
  return parsed as Record<string, unknown>;
}

/** The endpoint a command runs: `run`'s argument, an endpoint command's own, a recipe by its name. */
function endpointOf(name: string | undefined, args: string[]): { endpoint: string; rest: string[] } {
  const command = name === undefined ? undefined : endpointCommand(name);
  if (!command) return { endpoint: args[0] as string, rest: args.slice(1) };
  if (command.endpoint !== recipePrefix) return { endpoint: command.endpoint, rest: args };
  const recipes = taskEndpoints().filter((e) => e.startsWith(recipePrefix));
  const names = recipes.map((e) => e.slice(recipePrefix.length));
  if (args[0] === undefined) throw new UsageError(`recipe needs the recipe's name: ${names.join(', ')}.`);
  return { endpoint: `${recipePrefix}${args[0]}`, rest: args.slice(1) };
}

/** The newest dated version a recipe takes (a friendly command pins one; `runway run` sends only what is given). */
function newestVersion(endpoint: string): string | undefined {
  const choices = catalogEndpoint(endpoint)?.variants[0]?.fields.find((f) => f.name === 'version')?.choices ?? [];
  return choices
    .filter((c): c is string => typeof c === 'string' && /^\d{4}-\d{2}/.test(c))
    .sort()
    .at(-1);
}

export async function parseRun(options: RunFlags, context: Omit<HandlerContext, 'options'>): Promise<{ base: CommandBase; ask: RunAsk }> {
  const commandName = typeof context.preset.command === 'string' ? context.preset.command : undefined;
  const command = commandName === undefined ? undefined : endpointCommand(commandName);
  const { endpoint, rest } = endpointOf(commandName, context.args);
  const assignments: Assignment[] = [];
  if (command?.argument && command.argument.field !== '' && rest[0] !== undefined)
    assignments.push({ path: command.argument.field.split('.'), value: rest[0], raw: true, flag: command.argument.field });
  if (command) {
    for (const [alias, { field }] of Object.entries(command.aliases ?? {})) {
      const value = options[alias];
      if (value !== undefined) assignments.push({ path: field.split('.'), value, raw: true, flag: `--${alias}` });
    }
    for (const field of fieldFlags(command)) {
      const value = options[field.name];
      if (value !== undefined) assignments.push({ path: [field.name], value, raw: true, flag: `--${kebab(field.name)}` });
    }
  }
  for (const item of options.param ?? []) assignments.push(paramAssignment(item));
  const version = command?.endpoint === recipePrefix ? newestVersion(endpoint) : undefined;
  return {
    base: parseBase(options),
    ask: {
      endpoint,
      model: options.model ?? (catalogEndpoint(endpoint)?.key === 'model' ? command?.model : undefined),
      input: await inputBody(options.input),
      assignments,
      ...(version !== undefined ? { defaults: { version } } : {}),
      wait: options.wait !== false,
      budget: { dryRun: options.dryRun === true, maxCredits: options.maxCredits },
      place: { out: options.out, template: options.output },
      writeInfoJson: options.writeInfoJson === true,
      command: context.argv.slice(2),
    },
  };
}
