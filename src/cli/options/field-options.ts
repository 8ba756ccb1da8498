/**
 * The generation flags, derived from the field table. Loaded only when the invoked command takes
 * them: root help and the other commands never read the table.
 */
import type { Command } from 'commander';
import { extraFields, generationFields, inputFields, type InputName } from '../../providers/fields/generation.js';
import { toolCommands, type ToolCommand } from '../../providers/official/tools.js';
import { longFlag, rangeProblem, type FieldSpec } from '../../providers/fields/spec.js';
import { amount, integer, InvalidArgumentError, seconds } from './options.js';

/** The commander parser a field's kind and range call for (messages name the allowed values). */
function parserOf(spec: FieldSpec): ((value: string, previous: unknown) => unknown) | undefined {
  const name = longFlag(spec);
  if (spec.repeatable) return (value: string, previous: unknown) => [...(Array.isArray(previous) ? (previous as string[]) : []), value];
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

/** generate, the shortcuts and image: a saved Model Router config picks the model instead. */
function routerOption(cmd: Command): Command {
  return cmd.option('--router <config>', 'let a saved Model Router config pick the model (official API; `runway router list`)');
}

function budget(cmd: Command): Command {
  return cmd.option(
    '--max-credits <n>',
    'refuse to start if the estimated cost is above n',
    amount('--max-credits', 'a number of credits', true),
  );
}

/** `--then`: steps after the video, each a job of its own. */
function thenOptions(cmd: Command): Command {
  const steps = toolCommands
    .filter((t) => t.takesVideo)
    .map((t) => `${t.name}${t.stepField ? `[:<${longFlag(generationFields[t.stepField] as FieldSpec).slice(2)}>]` : ''}`);
  return cmd
    .option(
      '--then <step>',
      `then work on the result (repeatable, in order): ${steps.join(', ')}; the same command again resumes`,
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--only-final', "with --then: keep only the last step's file");
}

/** generate and the model shortcuts: every field of the table but the other endpoints'. */
export function generationOptions(cmd: Command): Command {
  for (const spec of Object.values<FieldSpec>(inputFields)) if (!spec.tool) addField(cmd, spec);
  budget(runOptions(routerOption(cmd)));
  for (const spec of Object.values<FieldSpec>(extraFields)) if (!spec.tool) addField(cmd, spec);
  return thenOptions(cmd);
}

/**
 * upscale, frame-rate, hdr, act-two, image: the inputs and fields the models of the command's
 * endpoint take (read from the catalog), and --model to pick one of them.
 */
export async function toolOptions(cmd: Command, tool: ToolCommand): Promise<Command> {
  const { toolFields } = await import('../../providers/official/tool-fields.js');
  const { models, inputs, extras } = toolFields(tool);
  cmd.option('-m, --model <id>', `${models.map((m) => m.id).join(', ')} (default ${tool.model})`);
  const help: Partial<Record<InputName, string>> = {
    reference: 'reference image (repeatable), for models that take them',
    ratio: "aspect ratio (default: the model's first)",
  };
  for (const name of inputs) {
    if (name === 'character') {
      addField(cmd, inputFields.character);
      cmd.requiredOption('--reference <video>', 'the performance to follow: a video of someone acting (file, URL or task:<id>)');
    } else addField(cmd, { ...inputFields[name], ...(help[name] ? { help: help[name] } : {}) });
  }
  budget(runOptions(tool.endpoint === 'text_to_image' ? routerOption(cmd) : cmd));
  for (const name of extras) addField(cmd, extraFields[name]);
  return tool.takesVideo ? thenOptions(cmd) : cmd;
}

/** extend: every generation field but the media inputs (the clip continued is the input). */
export function extendOptions(cmd: Command): Command {
  cmd.option(
    '-m, --model <id>',
    "model: the source task's where it can extend here, else the provider's first image-to-video model (continued from the last frame)",
  );
  for (const spec of Object.values<FieldSpec>(inputFields)) if (!spec.tool && spec.kind !== 'media') addField(cmd, spec);
  budget(runOptions(cmd));
  for (const spec of Object.values<FieldSpec>(extraFields)) if (!spec.tool) addField(cmd, spec);
  return cmd
    .option('--times <n>', 'continue n times in a row, each from the result before (default 1)', integer('--times', 1, 50))
    .option('--no-join', 'keep only the new clips; do not join them to the source (no ffmpeg needed for a native extend)')
    .option(
      '--frame-url-command <cmd>',
      'for providers that take images only as URLs (cometapi): a shell command that publishes $RUNWAY_FRAME and prints its https URL last',
    )
    .option(
      '--frame-url-timeout <s>',
      'stop --frame-url-command (and what it started) after this many seconds (default 120)',
      seconds('--frame-url-timeout'),
    );
}
