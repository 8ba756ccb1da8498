/**
 * `runway mcp`: the tools over the Model Context Protocol on stdio, built on the official SDK.
 * stdout carries protocol messages only; what the server has to say goes to stderr. It serves
 * until the client closes its end.
 */
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { McpContext, type McpOptions } from './context.js';
import { toolTable } from './tools/table.js';
import { toolError } from './results.js';
import type { ProgressChannel } from './progress.js';

const instructions =
  "Runway video, image and audio generation. Every task is journaled and saved locally (files under the server's output folder). " +
  'Paid tools (generate, the endpoint tools, run, extend, workflow_run) return within wait_seconds: a task not finished by then is ' +
  'finished by `wait`. `estimate` prices a generate call without sending anything. Local inputs must be under the roots.';

/** The client's roots, as paths (only file:// roots are places on this machine). */
async function clientRoots(server: McpServer): Promise<string[] | undefined> {
  if (!server.server.getClientCapabilities()?.roots) return undefined;
  const { roots } = await server.server.listRoots();
  return roots.filter((r) => r.uri.startsWith('file://')).map((r) => fileURLToPath(r.uri));
}

export function createMcpServer(options: McpOptions, version: string): { server: McpServer; context: McpContext } {
  const server = new McpServer({ name: 'runway', title: 'runway', version }, { capabilities: { tools: {} }, instructions });
  const context = new McpContext(options, () => clientRoots(server));
  for (const tool of toolTable(context)) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        ...(tool.output ? { outputSchema: tool.output } : {}),
        ...(tool.annotations ? { annotations: tool.annotations } : {}),
        // Which CLI commands the tool is: for people reading the list, and the test that no command is forgotten.
        _meta: { 'runway/commands': tool.commands },
      },
      async (args: Record<string, unknown>, extra) => {
        const token = extra._meta?.progressToken;
        const progress: ProgressChannel | undefined =
          token === undefined
            ? undefined
            : {
                send: (value, total, message) => {
                  extra
                    .sendNotification({
                      method: 'notifications/progress',
                      params: { progressToken: token, progress: value, total, message },
                    })
                    .catch(() => undefined);
                },
              };
        try {
          return await tool.call(args, { signal: extra.signal, progress });
        } catch (error) {
          return toolError(error);
        }
      },
    );
  }
  return { server, context };
}

export async function serveMcp(options: McpOptions, version: string): Promise<void> {
  const { server, context } = createMcpServer(options, version);
  server.server.onerror = (error) => process.stderr.write(`runway mcp: ${error.message}\n`);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  await closed;
  await context.close();
}
