/**
 * `runway extend` from its typed ask to its outcome: the source checked, every continuation
 * planned and priced, then made in order and joined. Progress and each continuation's files go
 * out as events.
 */
import { UsageError } from '../errors.js';
import { budgetGate, ledgerOf, type Budget, type BudgetPreview } from '../cost/budget.js';
import { dryRun } from '../cost/dry-run.js';
import { outputPlace, type Placement } from '../session/defaults.js';
import { checkSourceKind, extendSource, type ExtendSource } from './source.js';
import { planExtension, runExtension, type ExtendAsk } from './extension.js';
import type { Stitched } from '../media-tools/stitch.js';
import type { BatchResult } from '../batch/run.js';
import type { Session } from '../session/session.js';

export interface ExtendCommandAsk extends ExtendAsk {
  /** A task id or a video file. */
  source: string;
  /** False (--no-wait) is refused: each continuation feeds the next. */
  wait: boolean;
  budget: Budget;
  place: Placement;
  command: string[];
}

export type ExtendOutcome =
  | { kind: 'preview'; preview: BudgetPreview }
  | {
      kind: 'extended';
      source: ExtendSource;
      mode: 'native' | 'chained';
      steps: number;
      results: BatchResult[];
      film?: Stitched | undefined;
    };

const joinedHow = {
  copied: 'by copying their streams (lossless)',
  're-encoded': 'by re-encoding to H.264 (their codec parameters differ)',
  earlier: 'as an earlier run made them (nothing has changed since)',
} as const;

export async function extendCommand(session: Session, ask: ExtendCommandAsk): Promise<ExtendOutcome> {
  if (!ask.wait)
    throw new UsageError('extend waits for each continuation (each feeds the next, and the film needs them all): drop --no-wait.');
  const source = await extendSource(session, ask.source);
  const plan = await planExtension(session, source, ask);
  await checkSourceKind(session, source, !ask.budget.dryRun);
  const extend = source.taskId ? { taskId: source.taskId, videoUrl: '<the earlier task’s video URL>' } : undefined;
  const preview = budgetGate(ask.budget, () =>
    plan.steps.map((step, i) => dryRun(session, step.plan, i === 0 && step.plan.request.extendTaskId ? extend : undefined)),
  );
  if (preview) return { kind: 'preview', preview };
  for (const step of plan.steps) for (const message of step.plan.warnings) session.events({ type: 'warning', message });
  const how = plan.mode === 'native' ? 'Extending natively' : 'Continuing from the last frame';
  session.events({ type: 'notice', message: `${how} with ${plan.steps[0]?.plan.model.id}, ${plan.steps.length} time(s).` });
  const { outDir } = outputPlace(session.config, ask.place);
  const done = await runExtension(
    session,
    plan,
    { outDir, command: ask.command },
    {
      signal: session.signal,
      ledger: ledgerOf(ask.budget),
      onDone: (result) => {
        const name = result.spec.label ?? result.spec.key;
        if (result.state === 'succeeded')
          session.events({ type: 'step-saved', name, files: result.files.map((f) => f.file), origin: result.origin });
      },
    },
  );
  if (done.film)
    session.events({
      type: 'notice',
      message: `Joined ${done.film.clips} clips (${done.film.seconds.toFixed(2)} s) ${joinedHow[done.film.mode]}.`,
    });
  return { kind: 'extended', source, mode: plan.mode, steps: plan.steps.length, results: done.results, film: done.film };
}
