/**
 * --max-credits held while tasks are made, on any model: the invariant is that what the API
 * charges for a run never exceeds the budget, with any number of tasks at once.
 *
 * Every task reserves what it may cost before it is sent: its estimate where a price is known
 * (published or learned). Where none is, the provider's own estimate is read from the create's
 * answer ("the most this task may charge"): such creates go one at a time, and a task estimated
 * above what is left is cancelled at once, before it runs (a cancelled task is refunded). Each
 * create's answer corrects the reservation to the API's own estimate; a settled task's cost
 * (never more than its estimate) gives back the difference.
 */
import { BudgetError } from '../errors.js';

export class CreditLedger {
  private committed = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Set once a job did not fit: a batch stops sending lines. */
  exhausted = false;

  constructor(readonly limit: number) {}

  get left(): number {
    return Math.max(0, this.limit - this.committed);
  }

  /** Holds `amount` for a task about to be sent; false (nothing held) when it does not fit. */
  reserve(amount: number): boolean {
    if (this.committed + amount > this.limit + 1e-9) {
      this.exhausted = true;
      return false;
    }
    this.committed += amount;
    return true;
  }

  release(amount: number): void {
    this.committed = Math.max(0, this.committed - amount);
  }

  /** Runs `body` when no other unpriced create is in flight: what one costs is known only from its answer. */
  alone<T>(body: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(body, body);
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  refusal(what: string, hint?: string): BudgetError {
    return new BudgetError(`${what} --max-credits ${this.limit} has ${round(this.left)} credits left.`, {
      hint:
        hint ??
        'Nothing was charged for it. Run again with a higher --max-credits to carry on: what was made is kept, and nothing is paid twice.',
    });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The failure code a task cancelled for the budget is journaled with: a later run may make it again. */
export const budgetFailureCode = 'RUNWAY.BUDGET';
