/** Printing dry runs and enforcing --max-credits. */
import { UsageError } from '../../core/errors.js';
import { CostTotal, totalEstimate, type DryRun } from '../../core/cost/dry-run.js';
import { printJson, printLine } from './output.js';

/**
 * --dry-run and --max-credits together: the requests are shown, and an estimate above the
 * budget is the outcome (exit 2) instead of a "nothing was sent" footer followed by a refusal.
 * `runs` may be a stream (a batch file's lines, planned one at a time) with their sum, known
 * before they are printed.
 */
export async function dryRunWithBudget(
  runs: readonly DryRun[] | { stream: AsyncIterable<DryRun>; total: CostTotal },
  options: { dryRun: boolean; maxCredits: number | undefined; json: boolean },
): Promise<void> {
  const [stream, total] = 'stream' in runs ? [runs.stream, runs.total] : [runs, totalEstimate(runs)];
  let refusal: unknown;
  try {
    checkBudget(total, options.maxCredits);
  } catch (error) {
    refusal = error;
  }
  if (options.dryRun) await printDryRun(stream, options.json, refusal === undefined);
  if (refusal !== undefined) throw refusal;
}

export async function printDryRun(runs: Iterable<DryRun> | AsyncIterable<DryRun>, json: boolean, footer = true): Promise<void> {
  const total = new CostTotal();
  let count = 0;
  for await (const run of runs) {
    count++;
    total.add(run);
    if (json) {
      printJson({ dryRun: true, ...run });
      continue;
    }
    printLine(`${run.request.method} ${run.request.url}`);
    for (const [name, value] of Object.entries(run.request.headers)) printLine(`${name}: ${value}`);
    printLine('');
    printLine(JSON.stringify(run.request.body, null, 2));
    if (run.uploads.length > 0) printLine(`(first uploads: ${run.uploads.join(', ')})`);
    printLine(
      `estimated cost: ${run.estimate ? `${run.estimate.amount} ${run.estimate.unit}` : `unknown (${run.noEstimate ?? 'no published price'})`}`,
    );
    printLine('');
  }
  if (json) return;
  if (count > 1)
    printLine(`total estimated cost: ${total.amount} ${total.unit}${total.unknown ? ` (+ ${total.unknown} jobs with unknown price)` : ''}`);
  if (footer) printLine('dry run: nothing was sent.');
}

/** Refuses (exit 2) when the estimate is above the budget, or unknown while a budget is set. */
export function checkBudget(total: CostTotal, maxCredits: number | undefined): void {
  if (maxCredits === undefined) return;
  if (total.unknown > 0) {
    throw new UsageError(
      `--max-credits ${maxCredits}: the cost of ${total.unknown} job(s) cannot be estimated (${total.noEstimate ?? 'no published price'}), so the budget cannot be checked.`,
      {
        hint: 'Drop --max-credits, or use a model and provider with published prices (runwayml, openai-hk-legacy); for video-to-video, a local input file.',
      },
    );
  }
  if (total.amount > maxCredits) {
    throw new UsageError(`The estimated cost is ${total.amount} ${total.unit}, above --max-credits ${maxCredits}. Nothing was submitted.`);
  }
}
