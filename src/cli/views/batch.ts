/** A batch's outcome: the saved files on stdout (or one JSON object per job), the summary, and the files that could not be written. */
import { renderPreview } from '../render/dry-run.js';
import { printSummary } from '../render/batch-progress.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { reportError } from '../render/report-error.js';
import type { BatchOutcome } from '../../core/batch/command.js';
import type { RenderMode } from '../render/progress.js';

export async function renderBatch(outcome: BatchOutcome, mode: RenderMode): Promise<number> {
  if (outcome.kind === 'preview') return renderPreview(outcome.preview, mode.json);
  const { results } = outcome;
  if (mode.json) for (const job of results.jobs()) printJson(job);
  else for (const job of results.jobs()) for (const saved of job.files) printLine(displayPath(saved.file));
  if (!mode.quiet) printSummary(results.jobs(), results.tally);
  for (const error of outcome.unsaved) reportError(error);
  return outcome.exitCode;
}
