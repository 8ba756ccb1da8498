/** Printing dry runs and enforcing --max-credits. */
import { UsageError } from '../../core/errors.js';
import { totalEstimate, type DryRun } from '../../core/generation/dry-run.js';
import { printJson, printLine } from './output.js';

/**
 * --dry-run and --max-credits together: the requests are shown, and an estimate above the
 * budget is the outcome (exit 2) instead of a "nothing was sent" footer followed by a refusal.
 */
export function dryRunWithBudget(runs: readonly DryRun[], options: { dryRun: boolean; maxCredits: number | undefined; json: boolean }): void {
  let refusal: unknown;
  try {
    checkBudget(runs, options.maxCredits);
  } catch (error) {
    refusal = error;
  }
  if (options.dryRun) printDryRun(runs, options.json, refusal === undefined);
  if (refusal !== undefined) throw refusal;
}

export function printDryRun(runs: readonly DryRun[], json: boolean, footer = true): void {
  const total = totalEstimate(runs);
  if (json) {
    for (const run of runs) printJson({ dryRun: true, ...run });
    return;
  }
  for (const run of runs) {
    printLine(`${run.request.method} ${run.request.url}`);
    for (const [name, value] of Object.entries(run.request.headers)) printLine(`${name}: ${value}`);
    printLine('');
    printLine(JSON.stringify(run.request.body, null, 2));
    if (run.uploads.length > 0) printLine(`(first uploads: ${run.uploads.join(', ')})`);
    printLine(`estimated cost: ${run.estimate ? `${run.estimate.amount} ${run.estimate.unit}` : `unknown (${run.noEstimate ?? 'no published price'})`}`);
    printLine('');
  }
  if (runs.length > 1) printLine(`total estimated cost: ${total.amount} ${total.unit}${total.unknown ? ` (+ ${total.unknown} jobs with unknown price)` : ''}`);
  if (footer) printLine('dry run: nothing was sent.');
}

/** Refuses (exit 2) when the estimate is above the budget, or unknown while a budget is set. */
export function checkBudget(runs: readonly DryRun[], maxCredits: number | undefined): void {
  if (maxCredits === undefined) return;
  const total = totalEstimate(runs);
  if (total.unknown > 0) {
    throw new UsageError(`--max-credits ${maxCredits}: the cost of ${total.unknown} job(s) cannot be estimated (${runs.find((r) => !r.estimate)?.noEstimate ?? 'no published price'}), so the budget cannot be checked.`, {
      hint: 'Drop --max-credits, or use a model and provider with published prices (runwayml, openai-hk-legacy); for video-to-video, a local input file.',
    });
  }
  if (total.amount > maxCredits) {
    throw new UsageError(`The estimated cost is ${total.amount} ${total.unit}, above --max-credits ${maxCredits}. Nothing was submitted.`);
  }
}
