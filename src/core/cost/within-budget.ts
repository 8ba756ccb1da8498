/**
 * A create held within a --max-credits ledger (ledger.ts): reserved before it is sent where its
 * price is known, one at a time where it is not, and corrected to the API's own estimate the
 * moment the answer comes; a task that does not fit is cancelled before it runs.
 */
import { ApiError, AmbiguousCreateError, GenerationFailedError } from '../errors.js';
import { cancelTask } from '../tasks/task-api.js';
import { costOf } from './dry-run.js';
import { budgetFailureCode, type CreditLedger } from './ledger.js';
import type { CreatedJob } from '../tasks/create.js';
import type { GenerationPlan } from '../generation/plan.js';
import type { Session } from '../session/session.js';

/** Cancels a task that may not run, journaled so a later run (with a higher budget) makes it again. */
async function cancelForBudget(session: Session, created: CreatedJob, why: string, ledger: CreditLedger): Promise<never> {
  try {
    await cancelTask(session, created.taskId);
  } catch (error) {
    throw new ApiError(`Task ${created.taskId} is over --max-credits (${why}), and cancelling it failed: it may run and be charged.`, {
      status: error instanceof ApiError ? error.status : 0,
      method: 'DELETE',
      url: session.baseUrl,
      taskId: created.taskId,
      cause: error,
      hint: `Cancel it now: runway cancel ${created.taskId}`,
    });
  }
  const at = new Date().toISOString();
  const message = `cancelled before it ran: ${why}, above what was left of --max-credits ${ledger.limit}`;
  await session.journal.appendDurable({
    type: 'failed',
    job: created.job,
    at,
    state: 'cancelled',
    message,
    code: budgetFailureCode,
    moderation: false,
    credits: 0,
  });
  session.locks.release(created.job);
  throw ledger.refusal(`Task ${created.taskId} was cancelled before it ran: ${why};`);
}

/** Holds what the API says the task may cost: its answer's estimate replaces what was reserved before. */
async function holdEstimate(session: Session, ledger: CreditLedger, created: CreatedJob, held: number): Promise<number> {
  const estimate = created.estimate;
  if (estimate === undefined) {
    // A provider that does not estimate: the known price reserved before holds; with none, nothing can.
    if (held > 0) return held;
    return cancelForBudget(session, created, `${session.name} did not say what it costs`, ledger);
  }
  if (estimate <= held) {
    ledger.release(held - estimate);
    return estimate;
  }
  if (ledger.reserve(estimate - held)) return estimate;
  ledger.release(held);
  return cancelForBudget(session, created, `the API estimated it at ${estimate} credits`, ledger);
}

/** Creates within the budget; returns the task and the credits held for it. */
export async function createWithin(
  session: Session,
  ledger: CreditLedger,
  plan: GenerationPlan,
  create: () => Promise<CreatedJob>,
): Promise<{ created: CreatedJob; held: number }> {
  const priced = async (known: number) => {
    if (!ledger.reserve(known)) throw ledger.refusal(`This job is estimated at ${known} credits; nothing was sent.`);
    let created: CreatedJob;
    try {
      created = await create();
    } catch (error) {
      // A create that may have started a task keeps its reservation: it may be charged.
      if (!(error instanceof AmbiguousCreateError)) ledger.release(known);
      throw error;
    }
    return { created, held: await holdEstimate(session, ledger, created, known) };
  };
  const known = costOf(session, plan).estimate?.amount;
  if (known !== undefined) return priced(known);
  // What an unpriced task costs is known only from its create's answer: one at a time, so each is judged against what is truly left.
  return ledger.alone(async () => {
    // The task before this one may have taught the price meanwhile.
    const learned = costOf(session, plan).estimate?.amount;
    if (learned !== undefined) return priced(learned);
    if (ledger.left <= 0) {
      ledger.exhausted = true;
      throw ledger.refusal('Nothing is left to spend; nothing was sent.');
    }
    const created = await create();
    return { created, held: await holdEstimate(session, ledger, created, 0) };
  });
}

/** A finished task gives back what it was not charged (a settled cost is at most its estimate; a failed task is refunded). */
export function settleHeld(ledger: CreditLedger, held: number, outcome: { charged?: number | undefined } | { error: unknown }): void {
  if ('error' in outcome) {
    if (outcome.error instanceof GenerationFailedError) ledger.release(held);
    return;
  }
  if (outcome.charged !== undefined && outcome.charged < held) ledger.release(held - outcome.charged);
}
