/**
 * The one budget gate of every command that spends (generate and the endpoint commands, --then,
 * extend, story, batch): with --dry-run or --max-credits, the requests that would be sent and
 * their estimated total are the outcome to show, and an estimate above the budget (or one that
 * cannot be made while a budget is set) is a refusal before anything is sent.
 */
import { UsageError } from '../errors.js';
import { CostTotal, totalEstimate, type DryRun } from './dry-run.js';
import { CreditLedger } from './ledger.js';

/** --dry-run and --max-credits: what may be spent, and whether anything may be sent. */
export interface Budget {
  dryRun: boolean;
  maxCredits?: number | undefined;
}

/** What a dry run shows: the requests (a list, or a batch's stream with its total known first), and the refusal if over budget. */
export interface BudgetPreview {
  dryRun: boolean;
  runs: readonly DryRun[] | AsyncIterable<DryRun>;
  total: CostTotal;
  refusal?: UsageError | undefined;
}

/** Whether the budget asks for a look before spending at all. */
export const gated = (budget: Budget): boolean => budget.dryRun || budget.maxCredits !== undefined;

/** The ledger that holds --max-credits while a run creates tasks (none without a budget, or for a dry run). */
export function ledgerOf(budget: Budget): CreditLedger | undefined {
  return budget.maxCredits !== undefined && !budget.dryRun ? new CreditLedger(budget.maxCredits) : undefined;
}

/**
 * The preview to show (a dry run, or a refusal), or undefined when the run may go on. `runs` are
 * computed only when the budget asks for them; a stream comes with its total.
 */
export function budgetGate(
  budget: Budget,
  runs: () => readonly DryRun[] | { stream: AsyncIterable<DryRun>; total: CostTotal },
): BudgetPreview | undefined {
  if (!gated(budget)) return undefined;
  const given = runs();
  const [list, total] = 'stream' in given ? [given.stream, given.total] : [given, totalEstimate(given)];
  const refusal = overBudget(total, budget.maxCredits);
  if (!budget.dryRun && !refusal) return undefined;
  return { dryRun: budget.dryRun, runs: list, total, refusal };
}

/**
 * Why the estimate does not fit the budget, or undefined: the known part alone is above it, or a
 * job's cost can be known neither now nor from the provider's own estimate when it is created.
 * Jobs the provider estimates as they are created are held while running (ledger.ts).
 */
export function overBudget(total: CostTotal, maxCredits: number | undefined): UsageError | undefined {
  if (maxCredits === undefined) return undefined;
  if (total.unguarded > 0) {
    return new UsageError(
      `--max-credits ${maxCredits}: the cost of ${total.unguarded} job(s) cannot be estimated ` +
        `(${total.noEstimate ?? 'no published price'}), so the budget cannot be checked.`,
      {
        hint:
          'Drop --max-credits, or use a model and provider with a published price (`runway models` shows them); for ' +
          'video-to-video, a local input file.',
      },
    );
  }
  if (total.amount > maxCredits)
    return new UsageError(`The estimated cost is ${total.amount} ${total.unit}, above --max-credits ${maxCredits}. Nothing was submitted.`);
  return undefined;
}
