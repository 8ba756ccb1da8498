/**
 * `run` (any task endpoint), one tool per endpoint command (sound, speak, dub, isolate, revoice,
 * avatar, image_upscale, recipe) and the workflows: arguments from the catalog, its fields in
 * snake_case with their choices and ranges; local inputs confined to the roots, also where a
 * shorthand value names a file.
 */
import { z } from 'zod';
import { runCommand } from '../../core/run/command.js';
import { guessMedia } from '../../core/run/guess-media.js';
import { workflowCommand, workflowRunCommand } from '../../core/run/workflow.js';
import { endpointCommands, recipePrefix, type EndpointCommand } from '../../providers/official/run/commands.js';
import { catalogEndpoint, taskEndpoints } from '../../providers/official/run/endpoints.js';
import type { Assignment, MediaGuess } from '../../providers/official/run/assign.js';
import type { CatalogField } from '../../providers/official/catalog/types.js';
import type { RunGuards } from '../../core/run/plan.js';
import type { RunAsk } from '../../core/run/ask.js';
import { catalogSchema, camel, snake, strictArguments } from '../fields.js';
import { afterCreate, callBudget, identityOf, paidCall, secondsOf } from '../tasks.js';
import { result, taskSchema } from '../results.js';
import { serverShape } from './generation.js';
import type { McpContext, CallScope } from '../context.js';
import type { ToolDef } from './tool.js';

/** What an agent's value may read: only files under the roots are looked at; anything else is judged by its name. */
async function guards(ctx: McpContext): Promise<RunGuards> {
  const roots = await ctx.roots();
  const guess = (value: string): MediaGuess => {
    try {
      return guessMedia(roots.file('', value));
    } catch {
      return /^(https:|data:|runway:|task:)|\.(png|jpe?g|webp|mp4|mov|webm|wav|mp3|m4a|ogg)$/i.test(value) ? 'remote' : undefined;
    }
  };
  return { recognize: (ref, flag) => roots.media(flag, ref), guess };
}

/** Every top-level field of the endpoints, once, as an argument: its catalog schema (or each variant's), an object also by its shorthand. */
function catalogShape(endpoints: readonly string[]): z.ZodRawShape {
  const fields = new Map<string, CatalogField[]>();
  for (const endpoint of endpoints)
    for (const variant of catalogEndpoint(endpoint)?.variants ?? [])
      for (const field of variant.fields) fields.set(field.name, [...(fields.get(field.name) ?? []), field]);
  const shape: Record<string, z.ZodType> = {};
  for (const [name, all] of fields) {
    const distinct = [...new Map(all.map((f) => [JSON.stringify({ ...f, required: false }), f])).values()];
    const schemas = distinct.map((f) => catalogSchema(f));
    if (distinct.some((f) => f.types.includes('object') || f.types.includes('array')))
      schemas.push(z.string().describe('or its value alone: a preset name, a file, a text'));
    const schema = schemas.length === 1 ? (schemas[0] as z.ZodType) : z.union(schemas as unknown as [z.ZodType, z.ZodType]);
    shape[snake(name)] = schema.optional();
  }
  return shape;
}

async function paidRun(
  ctx: McpContext,
  scope: CallScope,
  name: string,
  args: Record<string, unknown>,
  ask: Pick<RunAsk, 'endpoint' | 'model' | 'input' | 'assignments' | 'defaults'>,
) {
  const session = await ctx.session(scope, args.provider as string | undefined);
  const identity = identityOf(name, args.idempotency_key as string | undefined, args);
  const guarded = await guards(ctx);
  return paidCall(ctx, scope, session, identity, secondsOf(args), () =>
    runCommand(
      session,
      {
        ...ask,
        wait: false,
        budget: { dryRun: false, maxCredits: callBudget(ctx, session, args.max_credits as number | undefined) },
        place: { out: ctx.outDir() },
        writeInfoJson: false,
        command: ['mcp', name],
        identity,
      },
      guarded,
    ),
  );
}

/** The arguments of an endpoint tool as the fields of its body, taken as given (shorthands still apply). */
function assignmentsOf(args: Record<string, unknown>, own: readonly string[]): Assignment[] {
  const skip = new Set(['wait_seconds', 'max_credits', 'idempotency_key', 'provider', 'model', ...own]);
  return Object.entries(args)
    .filter(([name]) => !skip.has(name))
    .map(([name, value]) => ({ path: [camel(name)], value, raw: false, flag: name }));
}

function endpointTool(ctx: McpContext, command: EndpointCommand): ToolDef {
  const recipes = command.endpoint === recipePrefix;
  const endpoints = recipes ? taskEndpoints().filter((e) => e.startsWith(recipePrefix)) : [command.endpoint];
  const variants = catalogEndpoint(command.endpoint)?.key === 'model' ? (catalogEndpoint(command.endpoint)?.variants ?? []) : [];
  const name = snake(command.name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()));
  const shape: z.ZodRawShape = {
    ...(recipes
      ? { recipe: z.enum(endpoints.map((e) => e.slice(recipePrefix.length)) as [string, ...string[]]).describe('which recipe') }
      : {}),
    ...(variants.length > 1
      ? {
          model: z
            .enum(variants.map((v) => v.id) as [string, ...string[]])
            .optional()
            .describe(`default ${command.model ?? variants[0]?.id}`),
        }
      : {}),
    ...catalogShape(endpoints),
  };
  return {
    name,
    title: command.name,
    description: `${command.description}. Costs credits. Waits at most wait_seconds (default 50), like generate.`,
    input: strictArguments({ ...shape, ...serverShape(ctx) }),
    output: taskSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    commands: [command.name],
    call: (args, scope) => {
      const endpoint = recipes ? `${recipePrefix}${args.recipe as string}` : command.endpoint;
      const model = (args.model as string | undefined) ?? (variants.length > 0 ? command.model : undefined);
      return paidRun(ctx, scope, name, args, { endpoint, model, assignments: assignmentsOf(args, ['recipe']) });
    },
  };
}

function run(ctx: McpContext): ToolDef {
  const shape = {
    endpoint: z.enum(taskEndpoints() as [string, ...string[]]).describe('the task endpoint, by its API path without /v1/'),
    model: z.string().optional().describe('the model, on an endpoint keyed by model (`models` lists them)'),
    fields: z
      .record(z.string(), z.unknown())
      .describe("the request body's fields, by their API names; local files under the roots where a field takes media"),
  };
  return {
    name: 'run',
    title: 'Run any task endpoint',
    description:
      'Run any task endpoint of the official API (sound_effect, text_to_speech, recipes/multi_shot_video, …) with the fields of its body, ' +
      'checked against the SDK catalog before anything is sent. Costs credits. Waits at most wait_seconds, like generate.',
    input: strictArguments({ ...shape, ...serverShape(ctx) }),
    output: taskSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    commands: ['run'],
    call: (args, scope) =>
      paidRun(ctx, scope, 'run', args, {
        endpoint: args.endpoint as string,
        model: args.model as string | undefined,
        input: args.fields as Record<string, unknown>,
        assignments: [],
      }),
  };
}

function workflows(ctx: McpContext): ToolDef[] {
  return [
    {
      name: 'workflows',
      title: 'Published workflows',
      description: "The account's published workflows (official API), with the ids `workflow_run` takes. Costs nothing.",
      input: strictArguments({}),
      annotations: { readOnlyHint: true, openWorldHint: true },
      commands: ['workflow list', 'workflow show'],
      call: async (_args, scope) => {
        const outcome = await workflowCommand(await ctx.session(scope), { action: 'list' });
        const list = outcome.kind === 'list' ? outcome.workflows : [];
        return result(
          { workflows: list },
          list.map((w) => `${w.name}: ${w.versions.map((v) => v.id).join(', ')}`).join('\n') || 'No published workflows.',
        );
      },
    },
    {
      name: 'workflow_run',
      title: 'Run a workflow',
      description:
        'Run a published workflow and save every output of every node. Costs credits. Waits at most wait_seconds, like generate.',
      input: strictArguments({
        workflow_id: z.string().describe('from `workflows`'),
        inputs: z
          .array(z.object({ node: z.string(), output: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }))
          .optional()
          .describe(
            'node inputs to set: text, a number, true/false, or a file under the roots / URL ("video:task:<id>" for a task\'s output)',
          ),
        ...serverShape(ctx),
      }),
      output: taskSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
      commands: ['workflow run'],
      call: async (args, scope) => {
        const session = await ctx.session(scope);
        const inputs = (args.inputs as { node: string; output: string; value: string | number | boolean }[] | undefined) ?? [];
        const outcome = await workflowRunCommand(
          session,
          {
            workflow: args.workflow_id as string,
            nodes: inputs.map((i) => ({ node: i.node, output: i.output, text: String(i.value) })),
            wait: false,
            budget: { dryRun: false, maxCredits: callBudget(ctx, session, args.max_credits as number | undefined) },
            place: { out: ctx.outDir() },
            writeInfoJson: false,
            command: ['mcp', 'workflow_run'],
          },
          await guards(ctx),
        );
        return afterCreate(ctx, scope, outcome, secondsOf(args));
      },
    },
  ];
}

export const runTools = (ctx: McpContext): ToolDef[] => [run(ctx), ...endpointCommands.map((c) => endpointTool(ctx, c)), ...workflows(ctx)];
