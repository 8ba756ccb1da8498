/** A budget preview on the terminal or as JSON: the requests a dry run would send, their total, and a refusal over budget. */
import { CostTotal, type DryRun } from '../../core/cost/dry-run.js';
import type { BudgetPreview } from '../../core/cost/budget.js';
import { printJson, printLine } from './output.js';

/**
 * With --dry-run the requests are shown; a refusal (over budget) is the outcome, so it ends the
 * preview instead of a "nothing was sent" footer, and is thrown for the exit code (2).
 */
export async function renderPreview(preview: BudgetPreview, json: boolean): Promise<number> {
  if (preview.dryRun) await printDryRun(preview.runs, json, preview.refusal === undefined);
  if (preview.refusal) throw preview.refusal;
  return 0;
}

function costText(run: DryRun): string {
  if (run.estimate) return `${run.estimate.amount} ${run.estimate.unit} (${run.estimate.source})`;
  const held = run.learnable ? `; ${run.provider} estimates each task when it is created, and --max-credits holds by that` : '';
  return `unknown (${run.noEstimate ?? 'no published price'})${held}`;
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
    printLine(`estimated cost: ${costText(run)}`);
    printLine('');
  }
  if (json) return;
  if (count > 1)
    printLine(`total estimated cost: ${total.amount} ${total.unit}${total.unknown ? ` (+ ${total.unknown} jobs with unknown price)` : ''}`);
  if (footer) printLine('dry run: nothing was sent.');
}
