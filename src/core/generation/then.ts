/**
 * `--then`: a generation and the steps after it, planned together (every step checked, the
 * whole priced), run in order, each step's files announced as it settles.
 */
import { UsageError } from '../errors.js';
import { dryRun } from '../cost/dry-run.js';
import { budgetGate, ledgerOf } from '../cost/budget.js';
import { pipelineKey, planSteps, runPipeline } from '../batch/pipeline.js';
import type { GenerationAsk } from './ask.js';
import type { GenerationOutcome } from './outcome.js';
import type { GenerationPlan } from './plan.js';
import type { OutputPlace } from '../session/defaults.js';
import type { Session } from '../session/session.js';

export async function runWithSteps(
  session: Session,
  ask: GenerationAsk,
  first: GenerationPlan,
  place: OutputPlace,
): Promise<GenerationOutcome> {
  if (!ask.wait) throw new UsageError('--then waits for each step to feed the next: drop --no-wait.');
  const steps = await planSteps(session, { plan: first, label: first.model.id }, ask.then);
  const preview = budgetGate(ask.budget, () => steps.map((step) => dryRun(session, step.plan)));
  if (preview) return { kind: 'preview', preview };
  for (const step of steps) for (const message of step.plan.warnings) session.events({ type: 'warning', message });
  const key = pipelineKey(session, steps, place);
  const results = await runPipeline(
    session,
    steps,
    { key, ...place, onlyFinal: ask.onlyFinal },
    {
      command: ask.command,
      signal: session.signal,
      ledger: ledgerOf(ask.budget),
      onDone: (result) => {
        if (result.state !== 'succeeded') return;
        session.events({
          type: 'step-saved',
          name: result.spec.id ?? result.spec.key,
          files: result.files.map((f) => f.file),
          origin: result.origin,
        });
      },
    },
  );
  if (results.length === 1 && steps.length > 1 && results[0]?.origin === 'done-before') {
    session.events({
      type: 'notice',
      message:
        `An earlier run of this command finished all ${steps.length} steps; nothing was sent. Change anything ` +
        `(e.g. --seed) for a new one.`,
    });
  }
  return { kind: 'steps', steps: steps.length, results };
}
