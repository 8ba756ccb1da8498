/**
 * generate, estimate, the endpoint commands of the generation table (upscale, frame_rate, hdr,
 * act_two, image) and extend: arguments from the field table (snake_case), models from the
 * provider's catalog; local inputs confined to the roots; the create, then a wait no longer than
 * the call allows.
 */
import { z } from 'zod';
import { buildRequest, extrasFromOptions } from '../../core/inputs/request-options.js';
import { mapMediaRefs } from '../../core/generation/plan.js';
import { generateCommand } from '../../core/generation/command.js';
import { extendCommand } from '../../core/extend/command.js';
import { InterruptedError } from '../../core/errors.js';
import { catalogOf } from '../../providers/protocols.js';
import { extraFields, inputFields, type ExtraName, type InputName } from '../../providers/fields/generation.js';
import { toolCommands, type ToolCommand } from '../../providers/official/tools.js';
import { toolFields } from '../../providers/official/tool-fields.js';
import { findProvider } from '../../core/session/providers.js';
import type { GenerationAsk } from '../../core/generation/ask.js';
import type { DryRun } from '../../core/cost/dry-run.js';
import type { FieldSpec } from '../../providers/fields/spec.js';
import { fieldSchema, idempotencyKey, maxCredits, snake, strictArguments, waitSeconds } from '../fields.js';
import { callBudget, identityOf, paidCall, secondsOf } from '../tasks.js';
import { fileJson, result, taskSchema, taskShape } from '../results.js';
import type { McpContext, CallScope } from '../context.js';
import { optionsOf, type ToolDef } from './tool.js';

/** Fields an agent does not set: where the provider calls back is the user's business. */
const notForAgents = new Set<string>(['webhook', 'promptFile']);

function fieldShape(names: readonly (InputName | ExtraName)[]): z.ZodRawShape {
  const specs: Record<string, FieldSpec> = { ...inputFields, ...extraFields };
  return Object.fromEntries(
    names
      .filter((n) => !notForAgents.has(n))
      .map((name) => [snake((specs[name] as FieldSpec).batchKey ?? name), fieldSchema(specs[name] as FieldSpec).optional()]),
  );
}

/** The server's own arguments of a paid call, and a provider where the server lets a tool choose. */
export function serverShape(ctx: McpContext): z.ZodRawShape {
  return {
    max_credits: maxCredits.optional(),
    wait_seconds: waitSeconds.optional(),
    idempotency_key: idempotencyKey.optional(),
    ...(ctx.options.allowProviderChoice
      ? {
          provider: z
            .enum(ctx.providerNames() as [string, ...string[]])
            .optional()
            .describe('a configured provider'),
        }
      : {}),
  };
}

const generateFields = [
  ...(Object.keys(inputFields) as InputName[]).filter((n) => !(inputFields[n] as FieldSpec).tool),
  ...(Object.keys(extraFields) as ExtraName[]).filter((n) => !(extraFields[n] as FieldSpec).tool),
];

function modelsOfServer(ctx: McpContext): [string, ...string[]] {
  const preset = findProvider(ctx.defaultProviderName(), ctx.config.userProviders());
  return catalogOf(preset).map((m) => m.id) as [string, ...string[]];
}

/** A generation's ask from a call's arguments, its local inputs confined to the roots. */
async function askOf(
  ctx: McpContext,
  scope: CallScope,
  name: string,
  args: Record<string, unknown>,
  tool?: ToolCommand,
): Promise<GenerationAsk> {
  const roots = await ctx.roots();
  const options = optionsOf(args, ['model', 'router']);
  if (tool?.takesVideo) options.video = args.video;
  if (tool?.endpoint === 'character_performance') Object.assign(options, { video: args.reference, reference: undefined });
  const request = mapMediaRefs(buildRequest(options, options.prompt as string | undefined), (ref, flag) => roots.media(flag, ref));
  const session = await ctx.session(scope, args.provider as string | undefined);
  return {
    model: typeof args.router === 'string' ? `router:${args.router}` : (args.model as string | undefined),
    tool,
    request,
    wait: false,
    then: [],
    onlyFinal: false,
    writeInfoJson: false,
    budget: { dryRun: false, maxCredits: callBudget(ctx, session, args.max_credits as number | undefined) },
    place: { out: ctx.outDir() },
    command: ['mcp', name],
    identity: identityOf(name, args.idempotency_key as string | undefined, args),
  };
}

/** A paid generation: the task an earlier call with the same key made, else a new one; then the wait. */
async function paid(ctx: McpContext, scope: CallScope, name: string, args: Record<string, unknown>, tool?: ToolCommand) {
  const session = await ctx.session(scope, args.provider as string | undefined);
  const ask = await askOf(ctx, scope, name, args, tool);
  return paidCall(ctx, scope, session, ask.identity, secondsOf(args), () => generateCommand(session, ask));
}

const estimateSchema = z.object({
  credits: z.number().nullable().describe('the estimated cost; null where no price is known yet'),
  known: z.boolean(),
  source: z.string().nullable().describe('where the price comes from: published, or learned from which task'),
  why_unknown: z.string().optional(),
  request: z.object({ method: z.string(), url: z.string(), body: z.unknown() }),
});

function generate(ctx: McpContext): ToolDef[] {
  const shape = {
    model: z
      .enum(modelsOfServer(ctx))
      .optional()
      .describe('the model (`models` lists each with its inputs, ratios, durations and price); or give router'),
    router: z.string().optional().describe('a saved Model Router config that picks the model (official API)'),
    ...fieldShape(generateFields),
  };
  return [
    {
      name: 'generate',
      title: 'Generate a video',
      description:
        'Create a video with a model (text, an image, first and last frames, or a video in) and save it. Costs credits: ' +
        '`estimate` first says how much. Holds the call at most wait_seconds (default 50): finished by then, the saved ' +
        'files; else the task id and state, to finish with `wait`. Nothing is lost if the call is cancelled.',
      input: strictArguments({ ...shape, ...serverShape(ctx) }),
      output: taskSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      commands: ['generate'],
      call: (args, scope) => paid(ctx, scope, 'generate', args),
    },
    {
      name: 'estimate',
      title: 'Estimate a generation',
      description: 'What `generate` with these arguments would send and cost. Sends nothing, spends nothing.',
      input: strictArguments({ ...shape, ...serverShape(ctx) }),
      output: estimateSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
      commands: [],
      call: async (args, scope) => {
        const session = await ctx.session(scope, args.provider as string | undefined);
        const ask = await askOf(ctx, scope, 'estimate', args);
        const outcome = await generateCommand(session, { ...ask, budget: { dryRun: true } });
        if (outcome.kind !== 'preview') throw new Error('internal: an estimate that is not a preview');
        const [run] = outcome.preview.runs as readonly DryRun[];
        const json = {
          credits: run?.estimate?.amount ?? null,
          known: run?.estimate != null,
          source: run?.estimate?.source ?? null,
          ...(run?.noEstimate ? { why_unknown: run.noEstimate } : {}),
          request: { method: run?.request.method ?? 'POST', url: run?.request.url ?? '', body: run?.request.body },
        };
        return result(
          json,
          run?.estimate
            ? `About ${run.estimate.amount} credits (${run.estimate.source}). Nothing was sent.`
            : `Cost unknown: ${run?.noEstimate ?? 'no price'}. Nothing was sent.`,
        );
      },
    },
  ];
}

function endpointTools(ctx: McpContext): ToolDef[] {
  return toolCommands.map((tool): ToolDef => {
    const { models, inputs, extras } = toolFields(tool);
    const shape: z.ZodRawShape = {
      model: z
        .enum(models.map((m) => m.id) as [string, ...string[]])
        .optional()
        .describe(`default ${tool.model}`),
      ...(tool.takesVideo ? { video: z.string().describe('the video: a file under the roots, an https URL or task:<id>') } : {}),
      ...fieldShape(inputs),
      ...(tool.endpoint === 'character_performance'
        ? { reference: z.string().describe('the performance to follow: a video (file under the roots, URL or task:<id>)') }
        : {}),
      ...fieldShape(extras),
    };
    const name = snake(tool.name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()));
    return {
      name,
      title: tool.name,
      description: `${tool.description}. Costs credits (\`estimate\` cannot price it; \`models\` shows known prices). Waits at most wait_seconds, like generate.`,
      input: strictArguments({ ...shape, ...serverShape(ctx) }),
      output: taskSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
      commands: [tool.name],
      call: (args, scope) => paid(ctx, scope, name, args, tool),
    };
  });
}

const extendShape = {
  source: z.string().describe('what to continue: task:<id>, or a video file under the roots'),
  model: z.string().optional().describe("default: the source task's where it can extend, else an image-to-video model"),
  times: z.number().int().min(1).max(50).optional().describe('continue this many times in a row (default 1)'),
  ...fieldShape([
    'prompt',
    'ratio',
    'duration',
    'seed',
    ...(Object.keys(extraFields) as ExtraName[]).filter((n) => !(extraFields[n] as FieldSpec).tool),
  ]),
};

function extend(ctx: McpContext): ToolDef {
  return {
    name: 'extend',
    title: 'Extend a video',
    description:
      'Continue a clip (natively where the provider can, else from its last frame) and join the film. Costs credits per ' +
      'continuation. Runs at most wait_seconds (default 50); not done by then, call it again with the same arguments: ' +
      'it carries on and pays for nothing twice.',
    input: strictArguments({ ...extendShape, max_credits: maxCredits.optional(), wait_seconds: waitSeconds.optional() }),
    output: z.object({ ...taskShape, task_id: z.string().optional(), film: z.string().optional() }),
    annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    commands: ['extend'],
    call: async (args, scope) => {
      const roots = await ctx.roots();
      const given = args.source as string;
      const source = given.startsWith('task:') ? given.slice('task:'.length) : roots.file('source', given);
      const deadline = AbortSignal.any([scope.signal, AbortSignal.timeout(secondsOf(args) * 1000)]);
      const session = await ctx.session({ signal: deadline, progress: scope.progress });
      const options = optionsOf(args, ['source', 'times']);
      try {
        const outcome = await extendCommand(session, {
          source,
          model: args.model as string | undefined,
          prompt: args.prompt as string | undefined,
          ratio: args.ratio as string | undefined,
          duration: args.duration as number | 'auto' | undefined,
          seed: args.seed as number | undefined,
          extras: extrasFromOptions(options),
          times: (args.times as number | undefined) ?? 1,
          join: true,
          wait: true,
          budget: { dryRun: false, maxCredits: callBudget(ctx, session, args.max_credits as number | undefined) },
          place: { out: ctx.outDir() },
          command: ['mcp', 'extend'],
        });
        if (outcome.kind === 'preview') throw outcome.preview.refusal ?? new Error('internal: extend previewed');
        const saved = outcome.results.flatMap((r) => r.files).map(fileJson);
        const film = outcome.film?.file;
        const json = { state: 'succeeded', files: saved, ...(film ? { film } : {}) };
        return result(json, film ? `Extended ${outcome.steps} time(s); the film is ${film}.` : `Extended ${outcome.steps} time(s).`, saved);
      } catch (error) {
        if (!(error instanceof InterruptedError) || scope.signal.aborted) throw error;
        const json = { state: 'running', next: 'Call extend again with the same arguments to carry on; nothing is paid twice.' };
        return result(json, json.next);
      }
    },
  };
}

export const generationTools = (ctx: McpContext): ToolDef[] => [...generate(ctx), ...endpointTools(ctx), extend(ctx)];
