/** Option sets shared by several commands, and value parsers with messages that name the allowed values. */
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { extraFields, generationFields, inputFields } from '../providers/fields/generation.js';
import { longFlag, rangeProblem, type FieldSpec } from '../providers/fields/spec.js';

const { InvalidArgumentError } = createRequire(import.meta.url)('commander') as typeof import('commander');

export function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max} (got "${value}").`);
    }
    return n;
  };
}

/** A non-negative number; `what` names it in the message, e.g. "a number of seconds". */
export function amount(name: string, what: string, allowZero = false) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
      throw new InvalidArgumentError(`${name} must be ${what}${allowZero ? ', 0 or more' : ' above 0'} (got "${value}").`);
    }
    return n;
  };
}

export const seconds = (name: string, allowZero = false) => amount(name, 'a number of seconds', allowZero);

export function providerOptions(cmd: Command): Command {
  return cmd
    .option('--provider <name>', 'provider preset or user-defined provider (default: config default-provider, else runwayml)')
    .option('--base-url <url>', "override the provider's base URL")
    .option('--api-key <key>', 'API key (prefer `runway auth set` or an env var: flags end up in shell history)')
    .option('--allow-insecure', 'allow a plain http:// base URL that is not loopback')
    .option('--json', 'print results as JSON, one object per task')
    .option('-q, --quiet', 'print nothing but results and errors')
    .option('--debug', 'trace every request (method, URL, status, timing; keys redacted) to stderr');
}

export function waitOptions(cmd: Command): Command {
  return cmd
    .option('--out <dir>', 'directory for saved videos (default: config out-dir, else the current directory)')
    .option('-o, --output <template>', 'file name template, e.g. "{model}-{seed}-{prompt:30}" (see README)')
    .option('--write-info-json', 'write <file>.json beside each video with everything needed to reproduce it')
    .option('--poll-interval <sec>', "minimum seconds between status checks (default: the provider's)", seconds('--poll-interval'))
    .option('--timeout <sec>', 'give up waiting after this many seconds; the task keeps running (0 = never; default 1800)', seconds('--timeout', true))
    .option('--stall-timeout <sec>', 'abort and resume a download after this many seconds without data (default 30)', seconds('--stall-timeout'));
}

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
