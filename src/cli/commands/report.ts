/** `runway report merge <report.json>… [--junit all.xml] [-o all.json]`: one report from the shards'. */
import { readFile, writeFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { fsReason } from '../../core/fs-reason.js';
import { mergeReports } from '../../core/batch/merge.js';
import { junitFromReport, type BatchReport } from '../../core/batch/report.js';
import { printJson } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { HandlerContext } from '../handler.js';

async function readReport(file: string): Promise<{ file: string; report: BatchReport }> {
  try {
    return { file, report: JSON.parse(await readFile(file, 'utf8')) as BatchReport };
  } catch (error) {
    throw new UsageError(`${file} cannot be read as a report: ${fsReason(error) ?? (error as Error).message}.`);
  }
}

export async function run({ args, options }: HandlerContext): Promise<number> {
  const merged = mergeReports(await Promise.all(args.map(readReport)));
  const out = options.output as string | undefined;
  if (out) await writeFile(out, `${JSON.stringify(merged, null, 2)}\n`);
  else printJson(merged);
  if (typeof options.junit === 'string') await writeFile(options.junit, junitFromReport(merged));
  if (!options.quiet) say(`runway: merged ${args.length} report(s): ${merged.total} jobs, ${merged.succeeded} succeeded, exit ${merged.exitCode}.`);
  return merged.exitCode;
}
