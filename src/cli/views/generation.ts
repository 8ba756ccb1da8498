/** A generation's outcome on stdout (file paths, or --json), the way `runway generate` has always printed it. */
import { renderPreview } from '../render/dry-run.js';
import { displayPath, printJson, printLine, printResult } from '../render/output.js';
import { failureJson } from '../render/failure.js';
import { say, styled } from '../render/terminal.js';
import type { GenerationOutcome } from '../../core/generation/outcome.js';
import type { BatchResult } from '../../core/batch/run.js';
import type { RenderMode } from '../render/progress.js';

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

function renderSteps(steps: number, results: BatchResult[], mode: RenderMode): number {
  const last = results.at(-1);
  if (mode.json) printJson({ status: last?.state === 'succeeded' ? 'succeeded' : (last?.state ?? 'error'), steps: results.map(stepJson) });
  if (!last || last.state !== 'succeeded') {
    const done = results.filter((r) => r.state === 'succeeded').length;
    if (last) say(styled('runway: ', 'bold'), `${last.spec.id} ${last.state}: ${last.error?.message ?? ''}`);
    say(
      `${done} of ${steps} steps are done${done > 0 ? ' and saved' : ''}; run the same command again to carry on: no step ` +
        `that started is paid for twice.`,
    );
    return last?.exitCode ?? 1;
  }
  if (!mode.json) for (const file of last.files) printLine(displayPath(file.file));
  return 0;
}

/** Prints the outcome and gives the exit code; a failure is printed (with --json) and thrown, for the one place that words errors. */
export async function renderGeneration(outcome: GenerationOutcome, mode: RenderMode): Promise<number> {
  switch (outcome.kind) {
    case 'preview':
      return renderPreview(outcome.preview, mode.json);
    case 'created': {
      const { created, planned } = outcome;
      if (!mode.json) printLine(created.taskId);
      else {
        const { provider, model, prompt, seed, ratio, duration } = planned;
        printJson({
          taskId: created.taskId,
          provider,
          model,
          status: 'pending',
          outputs: [],
          prompt: prompt ?? null,
          seed: seed ?? null,
          ratio: ratio ?? null,
          duration: duration ?? null,
          credits: null,
        });
      }
      return 0;
    }
    case 'saved':
      printResult(outcome.result, mode.json);
      return 0;
    case 'steps':
      return renderSteps(outcome.steps, outcome.results, mode);
    case 'failed': {
      const json = mode.json ? failureJson(outcome.error, outcome.planned) : undefined;
      if (json) printJson(json);
      throw outcome.error;
    }
  }
}
