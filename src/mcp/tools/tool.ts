/** What a tool is: its name, what it takes and gives (schemas an agent reads), and what a call does. */
import type { z } from 'zod';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { CallScope, McpContext } from '../context.js';

export interface ToolDef {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  output?: z.ZodObject | undefined;
  annotations?: ToolAnnotations | undefined;
  /** The CLI command(s) this tool is: every command is a tool or says why not (see not-tools.ts). */
  commands: readonly string[];
  call(args: Record<string, unknown>, scope: CallScope): Promise<CallToolResult>;
}

export type ToolMaker = (ctx: McpContext) => ToolDef[];

/** Tool arguments (snake_case) as the CLI's option names (camelCase), without the server's own. */
export function optionsOf(args: Record<string, unknown>, serverArgs: readonly string[] = []): Record<string, unknown> {
  const skip = new Set(['wait_seconds', 'max_credits', 'idempotency_key', 'provider', ...serverArgs]);
  return Object.fromEntries(
    Object.entries(args)
      .filter(([name]) => !skip.has(name))
      .map(([name, value]) => [name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()), value]),
  );
}
