/** With --json, a task that exists but did not end well still gets its JSON line on stdout. */
import { exitCodeOf, GenerationFailedError, RunwayError, WaitTimeoutError, ModerationError, InterruptedError } from '../../core/errors.js';
import type { TaskJson } from './output.js';
import type { Planned } from '../../core/generation/outcome.js';

/** The generation a failure belongs to. */
export type FailureContext = Planned;

export function failureStatus(error: unknown): string {
  if (error instanceof ModerationError) return 'failed';
  if (error instanceof GenerationFailedError) return error.taskState;
  if (error instanceof WaitTimeoutError) return 'running';
  if (error instanceof InterruptedError) return 'interrupted';
  return 'error';
}

export function failureJson(error: unknown, context: FailureContext): TaskJson | undefined {
  if (!(error instanceof RunwayError) || !error.taskId) return undefined;
  return {
    taskId: error.taskId,
    provider: context.provider,
    model: context.model,
    status: failureStatus(error),
    outputs: [],
    prompt: context.prompt ?? null,
    seed: context.seed ?? null,
    ratio: context.ratio ?? null,
    duration: context.duration ?? null,
    credits: null,
    error: {
      code: exitCodeOf(error),
      message: error.message,
      ...(error instanceof GenerationFailedError && error.failureCode ? { failureCode: error.failureCode } : {}),
    },
  };
}
