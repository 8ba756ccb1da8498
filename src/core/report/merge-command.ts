/**
 * `runway report merge`: the shards' reports checked (one batch, no overlap, no shard missing
 * unless allowed) and merged into one report and JUnit file, written whole, or the report to
 * stream to stdout. Outputs are checked before anything is read.
 */
import { UsageError } from '../errors.js';
import { checkOutputFile, writeTextWhole } from '../files/whole.js';
import { redactValue } from '../redact.js';
import { mergeReportFiles, type MergedReports } from './merge.js';
import { galleryCommand, type GalleryOutcome } from '../gallery/command.js';
import { openJournal } from '../journal/journal.js';
import { junitText, reportLine, reportText, type ReportJob } from './report.js';

export interface MergeAsk {
  reports: string[];
  output?: string | undefined;
  junit?: string | undefined;
  allowPartial: boolean;
  /** --gallery: a page of the merged jobs in this folder. */
  gallery?: string | undefined;
}

export interface MergeOutcome {
  merged: MergedReports;
  gallery?: GalleryOutcome | undefined;
  /** The merged report as text to print, when no -o was given. */
  stdout?: Iterable<string> | undefined;
}

function* redacted(jobs: Iterable<ReportJob>): Generator<ReportJob> {
  for (const job of jobs) yield redactValue(job);
}

export async function mergeCommand(ask: MergeAsk): Promise<MergeOutcome> {
  // An output that is a folder, or one of the reports being merged, is refused before anything is read.
  const out = ask.output !== undefined ? checkOutputFile(ask.output, '-o', ask.reports) : undefined;
  const junit = ask.junit !== undefined ? checkOutputFile(ask.junit, '--junit', ask.reports) : undefined;
  if (out !== undefined && out === junit) throw new UsageError('-o and --junit name the same file; give each its own.');
  const merged = mergeReportFiles(ask.reports);
  if (merged.missing.length > 0 && !ask.allowPartial) {
    throw new UsageError(
      `No report was given for shard ${merged.missing.join(', ')} of the batch; the merge would leave out its jobs. Nothing was written.`,
      {
        hint: "Give every shard's report, or pass --allow-partial to merge the ones there are.",
      },
    );
  }
  if (out !== undefined) await writeTextWhole(out, reportText(merged.head, merged.jobs()));
  if (junit !== undefined) await writeTextWhole(junit, junitText(merged.head, merged.tally, merged.jobs()));
  const gallery =
    ask.gallery !== undefined
      ? await galleryCommand(openJournal(), { out: ask.gallery, reports: ask.reports, states: [], models: [], copyMedia: false })
      : undefined;
  return { merged, gallery, stdout: out === undefined ? reportLine(redactValue(merged.head), redacted(merged.jobs())) : undefined };
}
