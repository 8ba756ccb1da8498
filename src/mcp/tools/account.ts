/** models and credits: what the provider offers and what is left. */
import { z } from 'zod';
import { modelTable } from '../../core/models/model-list.js';
import { balanceOf } from '../../core/cost/balance.js';
import { strictArguments } from '../fields.js';
import { result } from '../results.js';
import type { McpContext } from '../context.js';
import type { ToolDef } from './tool.js';

export const accountTools = (ctx: McpContext): ToolDef[] => [
  {
    name: 'models',
    title: 'Models and prices',
    description: 'Every model a provider serves: endpoints, inputs, ratios, durations, prompt limit, and price where known. Sends nothing.',
    input: strictArguments({ provider: z.enum(ctx.providerNames() as [string, ...string[]]).optional() }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    commands: ['models'],
    call: async (args, scope) => {
      const session = await ctx.session(scope);
      const table = modelTable(ctx.config, session.prices, (args.provider as string | undefined) ?? ctx.defaultProviderName());
      return result(
        { provider: table.provider, models: table.rows },
        table.rows.map((r) => `${r.model} (${r.endpoints.join(', ')})${r.price ? `: ${r.price}` : ''}`).join('\n'),
      );
    },
  },
  {
    name: 'credits',
    title: 'Credit balance',
    description: "The account's credit balance (official API), and what this server may still spend under its --max-credits.",
    input: strictArguments({}),
    annotations: { readOnlyHint: true, openWorldHint: true },
    commands: ['credits'],
    call: async (_args, scope) => {
      const balance = await balanceOf(await ctx.session(scope));
      return result({ provider: balance.provider, credits: balance.credits }, `${balance.credits} credits on ${balance.provider}.`);
    },
  },
];
