/**
 * The generation flags, derived from the field table. Loaded only when the invoked command takes
 * them: root help and the other commands never read the table.
 */
import type { Command } from 'commander';
import { extraFields, generationFields, inputFields } from '../providers/fields/generation.js';
import { longFlag, rangeProblem, type FieldSpec } from '../providers/fields/spec.js';
import { amount, integer, InvalidArgumentError } from './options.js';

/** The commander parser a field's kind and range call for (messages name the allowed values). */
function parserOf(spec: FieldSpec): ((value: string, previous: unknown) => unknown) | undefined {
  const name = longFlag(spec);
  if (spec.repeatable) return (value: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), value];
  if (spec.kind === 'duration') {
    const whole = integer(name, spec.min ?? 1, spec.max ?? 60);
    return (value: string) => (value.trim() === 'auto' ? 'auto' : whole(value));
  }
  if (spec.kind === 'integer') return integer(name, spec.min ?? Number.MIN_SAFE_INTEGER, spec.max ?? Number.MAX_SAFE_INTEGER);
  if (spec.kind === 'number' || spec.kind === 'choice') {
    return (value: string) => {
      const parsed = spec.kind === 'number' && value.trim() !== '' ? Number(value) : value;
      const problem = rangeProblem(spec, parsed);
      if (problem) throw new InvalidArgumentError(problem);
      return parsed;
    };
  }
  return undefined;
}

/** One field's flags: the flag itself, its --no-… form and its alias, where it has them. */
function addField(cmd: Command, spec: FieldSpec): Command {
  const parse = parserOf(spec);
  if (parse) cmd.option(spec.flag, spec.help, parse);
  else cmd.option(spec.flag, spec.help);
  if (spec.negation) cmd.option(`--no-${longFlag(spec).slice(2)}`, spec.negation);
  if (spec.alias) cmd.option(spec.alias.flag, spec.alias.help);
  return cmd;
}

function runOptions(cmd: Command): Command {
  return cmd
    .option('--no-wait', 'print the task id and exit without waiting')
    .option('--dry-run', 'print the request that would be sent and its estimated cost; send nothing');
}

/** generate and the model shortcuts: every field of the table. */
export function generationOptions(cmd: Command): Command {
  for (const spec of Object.values(inputFields)) addField(cmd, spec);
  runOptions(cmd).option('--max-credits <n>', 'refuse to start if the estimated cost is above n', amount('--max-credits', 'a number of credits', true));
  for (const spec of Object.values(extraFields)) addField(cmd, spec);
  return cmd;
}

/** extend: the fields that make sense for a continuation. */
export function extendOptions(cmd: Command): Command {
  for (const spec of Object.values(generationFields)) if (spec.extend) addField(cmd, spec);
  return runOptions(cmd.option('-m, --model <id>', "model (default: the earlier task's)"));
}
