/** `runway mcp`: serve the tools over MCP on stdio (see src/mcp). The flags choose provider, key, roots and budget; tool arguments never do. */
import { version } from '../program.js';
import type { HandlerContext } from '../handler.js';
import type { ProviderFlags } from '../options/flags.js';

interface McpFlags extends ProviderFlags {
  out?: string;
  pollInterval?: number;
  maxCredits?: number;
  root?: string[];
  allowProviderChoice?: boolean;
}

export async function run({ options }: HandlerContext<McpFlags>): Promise<number> {
  const { serveMcp } = await import('../../mcp/server.js');
  await serveMcp(
    {
      provider: options.provider,
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      allowInsecure: options.allowInsecure === true,
      out: options.out,
      pollInterval: options.pollInterval,
      maxCredits: options.maxCredits,
      roots: options.root ?? [],
      allowProviderChoice: options.allowProviderChoice === true,
    },
    version,
  );
  return 0;
}
