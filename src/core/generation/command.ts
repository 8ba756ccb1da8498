/**
 * A generation command (generate, the model shortcuts, the official API's other endpoints) from
 * its typed ask to its outcome: plan and check everything, preview or refuse over budget, run,
 * and say what came of it. Progress goes out as events; nothing here prints.
 */
import { knownProviders, type Session } from '../session/session.js';
import { outputPlace } from '../session/defaults.js';
import { recognizeTaskIds } from '../inputs/task-input.js';
import { checkTaskInputs } from '../inputs/input-kind.js';
import { budgetGate, ledgerOf } from '../cost/budget.js';
import { dryRun } from '../cost/dry-run.js';
import { planGeneration, type GenerationPlan } from './plan.js';
import { runGeneration } from './generate.js';
import { runWithSteps } from './then.js';
import { writeInfoJson } from './info-json.js';
import type { GenerationAsk } from './ask.js';
import type { GenerationOutcome, Planned } from './outcome.js';

function plannedOf(session: Session, plan: GenerationPlan): Planned {
  return {
    provider: session.name,
    model: plan.model.id,
    prompt: plan.request.prompt,
    seed: plan.seed,
    ratio: plan.ratio,
    duration: plan.duration,
  };
}

export async function generateCommand(session: Session, ask: GenerationAsk): Promise<GenerationOutcome> {
  const request = recognizeTaskIds(session, ask.request);
  const plan = await planGeneration(session.provider, ask.model, request, knownProviders(session.config), ask.tool);
  await checkTaskInputs(session, plan, !ask.budget.dryRun);
  if (ask.then.length > 0) return runWithSteps(session, ask, plan, outputPlace(session.config, ask.place));
  return carryOut(session, plan, ask);
}

/** A planned generation (or run of an endpoint) previewed, refused over budget, or made and saved. */
export async function carryOut(
  session: Session,
  plan: GenerationPlan,
  ask: Pick<GenerationAsk, 'wait' | 'budget' | 'place' | 'command' | 'writeInfoJson' | 'identity'>,
): Promise<GenerationOutcome> {
  const place = outputPlace(session.config, ask.place);
  const preview = budgetGate(ask.budget, () => [dryRun(session, plan)]);
  if (preview) return { kind: 'preview', preview };
  for (const message of plan.warnings) session.events({ type: 'warning', message });
  const startedAt = new Date();
  try {
    const { created, result } = await runGeneration(session, plan, {
      wait: ask.wait,
      command: ask.command,
      ...place,
      ledger: ledgerOf(ask.budget),
      batchKey: ask.identity,
    });
    if (!result) return { kind: 'created', created, planned: plannedOf(session, plan) };
    if (ask.writeInfoJson) await writeInfoJson(result, created.intent, { createdAt: startedAt, finishedAt: new Date() });
    return { kind: 'saved', result, intent: created.intent };
  } catch (error) {
    return { kind: 'failed', error, planned: plannedOf(session, plan) };
  }
}
