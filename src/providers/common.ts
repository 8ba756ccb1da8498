/** Small pure helpers shared by the protocol adapters. */
import type { z } from 'zod';
import { ProviderAnswerError, type TaskState } from './types.js';

const stateWords: Record<string, TaskState> = {
  PENDING: 'pending',
  THROTTLED: 'pending',
  QUEUED: 'pending',
  NOT_START: 'pending',
  SUBMITTED: 'pending',
  RUNNING: 'running',
  IN_PROGRESS: 'running',
  PROCESSING: 'running',
  SUCCEEDED: 'succeeded',
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  FAILURE: 'failed',
  CANCELLED: 'cancelled',
  CANCELED: 'cancelled',
};

/** Maps any provider's status word to our five states. Unknown words count as still running. */
export function stateOf(word: string): TaskState {
  return stateWords[word.trim().toUpperCase()] ?? 'running';
}

/** Progress as 0..1 from 0.42, "0.42", "1", "40%", or nothing. */
export function parseProgress(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  } else return undefined;
  if (!Number.isFinite(n)) return undefined;
  if (n > 1 && n <= 100) n /= 100;
  return Math.min(1, Math.max(0, n));
}

const moderationPattern = /moderation|safety|nsfw|content policy|inappropriate|sensitive/i;

/** Runway failure codes are dotted, general to specific: SAFETY.INPUT.TEXT, INPUT_PREPROCESSING.SAFETY.TEXT… */
export function isModeration(code: string | null | undefined, message: string | null | undefined): boolean {
  if (code && code.split('.').includes('SAFETY')) return true;
  return !code && !!message && moderationPattern.test(message);
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new ProviderAnswerError(`Unexpected ${what}${where}: ${issue?.message ?? 'invalid shape'}`);
}

/** True when an answer says the gateway does not know the task (yet). */
export function saysTaskNotExist(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const o = data as Record<string, unknown>;
  for (const value of [o.code, o.message, o.msg, o.error, (o.error as Record<string, unknown> | undefined)?.code]) {
    if (typeof value === 'string' && /task_not_exist|task not exist|task not found/i.test(value)) return value;
  }
  return undefined;
}

export function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}
