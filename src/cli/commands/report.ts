/** `runway report merge <report.json>… [--junit all.xml] [-o all.json] [--allow-partial]`: one report from the shards'. */
import { UsageError } from '../../core/errors.js';
import { checkOutputFile, writeTextWhole } from '../../core/files/whole.js';
import { mergeReportFiles } from '../../core/batch/merge.js';
import { junitText, reportLine, reportText, type ReportJob } from '../../core/batch/report.js';
import { redactValue } from '../../core/redact.js';
import { printPieces } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { HandlerContext } from '../handler.js';

function* redacted(jobs: Iterable<ReportJob>): Generator<ReportJob> {
  for (const job of jobs) yield redactValue(job);
}

interface MergeFlags {
  output?: string;
  junit?: string;
  quiet?: boolean;
  allowPartial?: boolean;
}

export async function run({ args, options }: HandlerContext<MergeFlags>): Promise<number> {
  // Checked before anything is read: an output that is a folder, or one of the reports being merged, is refused.
  const out = options.output !== undefined ? checkOutputFile(options.output, '-o', args) : undefined;
  const junit = options.junit !== undefined ? checkOutputFile(options.junit, '--junit', args) : undefined;
  if (out !== undefined && out === junit) throw new UsageError('-o and --junit name the same file; give each its own.');
  const merged = mergeReportFiles(args);
  if (merged.missing.length > 0 && !options.allowPartial) {
    throw new UsageError(
      `No report was given for shard ${merged.missing.join(', ')} of the batch; the merge would leave out its jobs. Nothing was written.`,
      {
        hint: "Give every shard's report, or pass --allow-partial to merge the ones there are.",
      },
    );
  }
  if (out !== undefined) await writeTextWhole(out, reportText(merged.head, merged.jobs()));
  else await printPieces(reportLine(redactValue(merged.head), redacted(merged.jobs())));
  if (junit !== undefined) await writeTextWhole(junit, junitText(merged.head, merged.tally, merged.jobs()));
  if (!options.quiet) {
    const partial = merged.missing.length > 0 ? ` (partial: no report for shard ${merged.missing.join(', ')})` : '';
    say(
      `runway: merged ${args.length} report(s): ${merged.head.total} jobs, ${merged.head.succeeded} succeeded, exit ${merged.head.exitCode}${partial}.`,
    );
  }
  return merged.head.exitCode;
}
