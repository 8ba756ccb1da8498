/**
 * Creating a paid task. The intent is journaled (fsync) before the request; the id the moment
 * it arrives. A create that may have reached the server is never re-sent: the HTTP layer only
 * retries it when the connection was never made or the server answered 429/503, and every
 * other failure is classified here as "certainly not created" or "may exist" (exit 4).
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { AmbiguousCreateError, ApiError, DownloadError, InterruptedError, NetworkError, RunwayError } from '../errors.js';
import { fsReason } from '../files/fs-reason.js';
import { stateDirError } from '../paths.js';
import { callProvider } from '../session/provider-call.js';
import type { Session } from '../session/session.js';
import type { JobIntent } from '../journal/fold.js';
import type { PreparedGeneration } from '../../providers/types.js';

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

export async function createTask(
  session: Session,
  intent: JobIntent,
  input: PreparedGeneration,
  job: string = newJobId(),
): Promise<CreatedJob> {
  const { adapter } = session.provider;
  const spec = adapter.buildCreate(input);
  const createdAt = new Date();
  try {
    session.locks.acquire(job);
    await session.journal.appendDurable({ type: 'intent', job, at: createdAt.toISOString(), intent });
  } catch (error) {
    throw stateDirError(dirname(session.journal.path), error, '; nothing was sent') ?? error;
  }
  let taskId: string;
  const holdOn = () =>
    session.events({
      type: 'notice',
      message: 'Waiting for the create request to answer, so the id of the task it may have started is not lost. Ctrl-C again quits now.',
      job,
    });
  session.signal?.addEventListener('abort', holdOn, { once: true });
  try {
    session.signal?.throwIfAborted();
    taskId = await callProvider(session, spec, {
      kind: 'create',
      purpose: 'create task',
      parse: (data) => adapter.parseCreate(data).taskId,
    });
  } catch (error) {
    const at = new Date().toISOString();
    // The request itself is never aborted (see http.ts): an interruption can only have landed
    // between attempts, when nothing had been created, so the error alone tells.
    const ambiguous = mayHaveCreated(error);
    const message = error instanceof Error ? error.message : String(error);
    await session.journal.appendDurable({ type: 'create-failed', job, at, ambiguous, message });
    session.locks.release(job);
    if (session.signal?.aborted && !ambiguous) {
      throw new InterruptedError('Interrupted before the task was created: nothing was started.', {
        hint: 'Run the command again when you are ready.',
      });
    }
    if (ambiguous) {
      throw new AmbiguousCreateError(
        `The create request failed in a way that leaves it unknown whether a (paid) task was started: ${message}`,
        {
          cause: error,
          hint:
            `Do not simply run the command again. Check ${session.name}'s dashboard or task list first; \`runway ` +
            `list\` shows this attempt as "unknown".`,
        },
      );
    }
    throw error;
  } finally {
    session.signal?.removeEventListener('abort', holdOn);
  }
  try {
    await session.journal.appendDurable({ type: 'created', job, at: new Date().toISOString(), taskId });
  } catch (error) {
    if (!fsReason(error)) throw error;
    // The task exists and is paid for: its id must reach the user even if the journal cannot hold it.
    throw new DownloadError(
      `Task ${taskId} was created, but the journal ${session.journal.path} could not record it: ${fsReason(error)}.`,
      {
        cause: error,
        taskId,
        hint: `Keep the id. Once the state directory is writable again, \`runway watch ${taskId}\` finishes it.`,
      },
    );
  }
  session.events({ type: 'created', taskId, job });
  return { job, taskId, intent, createdAt };
}
