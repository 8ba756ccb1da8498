/** `runway report merge <report.json>… [--junit all.xml] [-o all.json] [--allow-partial]`: one report from the shards'. */
import { mergeCommand } from '../../core/report/merge-command.js';
import { renderMerge } from '../views/merge.js';
import type { HandlerContext } from '../handler.js';

interface MergeFlags {
  output?: string;
  junit?: string;
  quiet?: boolean;
  allowPartial?: boolean;
  gallery?: string;
}

export async function run({ args, options }: HandlerContext<MergeFlags>): Promise<number> {
  const outcome = await mergeCommand({
    reports: args,
    output: options.output,
    junit: options.junit,
    allowPartial: options.allowPartial === true,
    gallery: options.gallery,
  });
  return renderMerge(outcome, args.length, options.quiet === true);
}
