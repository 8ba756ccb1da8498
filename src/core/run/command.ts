/**
 * A run of a task endpoint from its typed ask to its outcome, as a generation's: planned and
 * checked, previewed or refused over budget, created with the journal before and after, waited
 * for and every output saved and verified.
 */
import { taskRefOf } from '../inputs/task-input.js';
import { checkTaskInputs } from '../inputs/input-kind.js';
import { carryOut } from '../generation/command.js';
import { planRun } from './plan.js';
import type { Session } from '../session/session.js';
import type { GenerationOutcome } from '../generation/outcome.js';
import type { RunAsk } from './ask.js';

export async function runCommand(session: Session, ask: RunAsk): Promise<GenerationOutcome> {
  const plan = await planRun(session.provider, ask, (ref) => taskRefOf(session, ref));
  await checkTaskInputs(session, plan, !ask.budget.dryRun);
  return carryOut(session, plan, ask);
}
