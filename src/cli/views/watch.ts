/** Each watched task's outcome as it settles: its files (or --json), a failure worded once, another process's task left alone. */
import { exitCodeOf, type ExitCodeValue } from '../../core/errors.js';
import { printJson, printResult } from '../render/output.js';
import { failureJson } from '../render/failure.js';
import { reportError } from '../render/report-error.js';
import { say } from '../render/terminal.js';
import type { WatchOutcome } from '../../core/tasks/watch.js';
import type { RenderMode } from '../render/progress.js';

/** The outcome's exit code, undefined when it has none (left to another process). */
export function renderWatched(outcome: WatchOutcome, mode: RenderMode, provider: string, argv: string[]): ExitCodeValue | undefined {
  if ('busyWith' in outcome) {
    if (!mode.quiet && !mode.json)
      say(`runway: task ${outcome.target.taskId} is being finished by another runway process (pid ${outcome.busyWith}); skipping it.`);
    return undefined;
  }
  if ('result' in outcome) {
    printResult(outcome.result, mode.json);
    return 0;
  }
  if (mode.json) {
    const intent = outcome.ref?.intent;
    const { model = 'runway', prompt, seed, ratio, duration } = intent ?? {};
    const json = failureJson(outcome.error, { provider, model, prompt, seed, ratio, duration });
    if (json) printJson(json);
  }
  // A failure that ends the run is reported once, by the entry point.
  return outcome.fatal ? exitCodeOf(outcome.error) : (reportError(outcome.error, argv) as ExitCodeValue);
}
