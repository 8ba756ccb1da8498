/**
 * Creating a paid task. The intent is journaled (fsync) before the request; the id the moment
 * it arrives. A create that may have reached the server is never re-sent: the HTTP layer only
 * retries it when the connection was never made or the server answered 429/503, and every
 * other failure is classified here as "certainly not created" or "may exist" (exit 4).
 */
import { randomUUID } from 'node:crypto';
import { AmbiguousCreateError, ApiError, InterruptedError, NetworkError, RunwayError } from './errors.js';
import { callProvider } from './provider-call.js';
import type { Session } from './session.js';
import type { JobIntent } from './journal-fold.js';
import type { PreparedGeneration } from '../providers/types.js';

export interface CreatedJob {
  job: string;
  taskId: string;
  intent: JobIntent;
  createdAt: Date;
}

/** Whether the failed create may nevertheless have started a task. */
export function mayHaveCreated(error: unknown): boolean {
  if (error instanceof NetworkError) return !error.neverSent;
  if (error instanceof ApiError) {
    if (error.unreadable) return true;
    if (error.refused) return false;
    // 5xx (other than the 503s the HTTP layer already retried) can come from a gateway that
    // forwarded the request and then failed: the task may exist.
    return error.status >= 500 || error.status === 0;
  }
  return !(error instanceof RunwayError);
}

export function newJobId(): string {
  return randomUUID();
}

export async function createTask(session: Session, intent: JobIntent, input: PreparedGeneration, job: string = newJobId()): Promise<CreatedJob> {
  const { adapter } = session.provider;
  const spec = adapter.buildCreate(input);
  const createdAt = new Date();
  session.locks.acquire(job);
  await session.journal.appendDurable({ type: 'intent', job, at: createdAt.toISOString(), intent });
  let taskId: string;
  try {
    taskId = await callProvider(session, spec, {
      kind: 'create',
      purpose: 'create task',
      parse: (data) => adapter.parseCreate(data).taskId,
    });
  } catch (error) {
    const at = new Date().toISOString();
    const interrupted = session.signal?.aborted === true;
    const ambiguous = interrupted || mayHaveCreated(error);
    const message = interrupted ? 'interrupted while the create request was in flight' : error instanceof Error ? error.message : String(error);
    await session.journal.appendDurable({ type: 'create-failed', job, at, ambiguous, message });
    session.locks.release(job);
    if (interrupted) {
      throw new InterruptedError('Interrupted while the task was being created: it may or may not exist.', {
        hint: `Check ${session.name}'s dashboard before creating it again; \`runway list\` shows this attempt as "unknown".`,
      });
    }
    if (ambiguous) {
      throw new AmbiguousCreateError(`The create request failed in a way that leaves it unknown whether a (paid) task was started: ${message}`, {
        cause: error,
        hint: `Do not simply run the command again. Check ${session.name}'s dashboard or task list first; \`runway list\` shows this attempt as "unknown".`,
      });
    }
    throw error;
  }
  await session.journal.appendDurable({ type: 'created', job, at: new Date().toISOString(), taskId });
  session.events({ type: 'created', taskId, job });
  return { job, taskId, intent, createdAt };
}
