/** `runway report merge <report.json>… [--junit all.xml] [-o all.json]`: one report from the shards'. */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mergeReportFiles } from '../../core/batch/merge.js';
import { junitText, reportLine, reportText, type ReportJob } from '../../core/batch/report.js';
import { redactValue } from '../../core/redact.js';
import { printPieces } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { HandlerContext } from '../handler.js';

const writeFile = (file: string, pieces: Iterable<string>) => pipeline(Readable.from(pieces), createWriteStream(file));

function* redacted(jobs: Iterable<ReportJob>): Generator<ReportJob> {
  for (const job of jobs) yield redactValue(job);
}

export async function run({ args, options }: HandlerContext): Promise<number> {
  const merged = mergeReportFiles(args);
  const out = options.output as string | undefined;
  if (out) await writeFile(out, reportText(merged.head, merged.jobs()));
  else await printPieces(reportLine(redactValue(merged.head), redacted(merged.jobs())));
  if (typeof options.junit === 'string') await writeFile(options.junit, junitText(merged.head, merged.tally, merged.jobs()));
  if (!options.quiet) say(`runway: merged ${args.length} report(s): ${merged.head.total} jobs, ${merged.head.succeeded} succeeded, exit ${merged.head.exitCode}.`);
  return merged.head.exitCode;
}
