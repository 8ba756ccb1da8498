/** `--then`: a generation and the steps after it, planned together, run in order, the last file printed. */
import { UsageError } from '../core/errors.js';
import { dryRun } from '../core/cost/dry-run.js';
import { pipelineKey, planSteps, runPipeline } from '../core/batch/pipeline.js';
import { dryRunWithBudget } from './render/dry-run.js';
import { displayPath, printJson, printLine } from './render/output.js';
import { say, styled } from './render/terminal.js';
import { outputSettings } from './session/output-settings.js';
import type { BatchResult } from '../core/batch/run.js';
import type { GenerationPlan } from '../core/generation/plan.js';
import type { CommandScope } from './session/with-session.js';
import type { GenerationFlags } from './options/flags.js';

const originWords: Partial<Record<BatchResult['origin'], string>> = {
  'done-before': ' (done earlier)',
  resumed: ' (resumed)',
  placed: ' (placed from an earlier run)',
};

function stepJson(result: BatchResult) {
  return {
    step: result.spec.index,
    name: result.spec.id,
    taskId: result.taskId ?? null,
    model: result.model,
    state: result.state,
    origin: result.origin,
    files: result.files.map((f) => ({ file: displayPath(f.file), bytes: f.bytes, sha256: f.sha256 })),
    ...(result.error ? { error: result.error.message } : {}),
  };
}

export async function runPipelineCommand(
  { session, reporter, mode }: CommandScope,
  options: GenerationFlags,
  argv: string[],
  first: GenerationPlan,
): Promise<number> {
  if (options.wait === false) throw new UsageError('--then waits for each step to feed the next: drop --no-wait.');
  const out = outputSettings(session, options);
  const steps = await planSteps(session, { plan: first, label: first.model.id }, options.then ?? []);
  if (options.dryRun || options.maxCredits !== undefined) {
    await dryRunWithBudget(
      steps.map((step) => dryRun(session, step.plan)),
      { dryRun: options.dryRun === true, maxCredits: options.maxCredits, json: mode.json },
    );
    if (options.dryRun) return 0;
  }
  for (const step of steps) for (const message of step.plan.warnings) reporter.sink({ type: 'warning', message });
  const command = argv.slice(2);
  const key = pipelineKey(session, steps, out);
  const results = await runPipeline(
    session,
    steps,
    { key, ...out, onlyFinal: options.onlyFinal === true },
    {
      command,
      signal: session.signal,
      onDone: (result) => {
        const files = result.files.map((f) => displayPath(f.file)).join(', ');
        if (result.state === 'succeeded')
          reporter.sink({ type: 'notice', message: `${result.spec.id}: ${files}${originWords[result.origin] ?? ''}` });
      },
    },
  );
  reporter.stop();
  if (results.length === 1 && steps.length > 1 && results[0]?.origin === 'done-before') {
    reporter.sink({
      type: 'notice',
      message: `An earlier run of this command finished all ${steps.length} steps; nothing was sent. Change anything (e.g. --seed) for a new one.`,
    });
  }
  const last = results.at(-1);
  if (mode.json) printJson({ status: last?.state === 'succeeded' ? 'succeeded' : (last?.state ?? 'error'), steps: results.map(stepJson) });
  if (!last || last.state !== 'succeeded') {
    const done = results.filter((r) => r.state === 'succeeded').length;
    if (last) say(styled('runway: ', 'bold'), `${last.spec.id} ${last.state}: ${last.error?.message ?? ''}`);
    say(
      `${done} of ${steps.length} steps are done${done > 0 ? ' and saved' : ''}; run the same command again to carry on: no step that started is paid for twice.`,
    );
    return last?.exitCode ?? 1;
  }
  if (!mode.json) for (const file of last.files) printLine(displayPath(file.file));
  return 0;
}
