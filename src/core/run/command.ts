/**
 * A run of a task endpoint from its typed ask to its outcome, as a generation's: planned and
 * checked, previewed or refused over budget, created with the journal before and after, waited
 * for and every output saved and verified.
 */
import { taskRefOf } from '../inputs/task-input.js';
import { checkTaskInputs } from '../inputs/input-kind.js';
import { carryOut } from '../generation/command.js';
import { planRun, type RunGuards } from './plan.js';
import type { MediaRef } from '../../providers/media-ref.js';
import type { Session } from '../session/session.js';
import type { GenerationOutcome } from '../generation/outcome.js';
import type { RunAsk } from './ask.js';

/** `guards`: a front end's own vetting of what is read (an agent's paths confined to roots); a bare task id of the journal is always its task. */
export async function runCommand(session: Session, ask: RunAsk, guards: RunGuards = {}): Promise<GenerationOutcome> {
  const recognize = (ref: MediaRef, flag: string) => taskRefOf(session, guards.recognize ? guards.recognize(ref, flag) : ref);
  const plan = await planRun(session.provider, ask, { ...guards, recognize });
  await checkTaskInputs(session, plan, !ask.budget.dryRun);
  return carryOut(session, plan, ask);
}
