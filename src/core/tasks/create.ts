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
import type { CreatedTask, PreparedGeneration, Routing } from '../../providers/types.js';
import { learnPrice } from '../cost/learn.js';

export interface CreatedJob {
  job: string;
  taskId: string;
  intent: JobIntent;
  createdAt: Date;
  /** The most the task may charge, where the create's answer says. */
  estimate?: number | undefined;
  /** A Model Router's choice. */
  routing?: Routing | undefined;
}

/** What a Model Router chose, for people. */
function routedText(routing: Routing, estimate: number | undefined): string {
  const parts = [`router ${routing.configId} chose ${routing.model} (${routing.provider})`];
  if (estimate !== undefined) parts.push(`estimated ${estimate} credits`);
  if (routing.priceCeiling !== undefined && routing.priceCeiling !== null) parts.push(`ceiling ${routing.priceCeiling}`);
  if (routing.optimizeFor) parts.push(`optimizing for ${routing.optimizeFor}`);
  if (routing.capacityFallback)
    parts.push(
      `${routing.capacityFallback.skipped.join(', ') || 'no model'} skipped at capacity${routing.capacityFallback.allExhausted ? ' (all were: it queues)' : ''}`,
    );
  return parts.join(', ');
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
  let created: CreatedTask;
  const holdOn = () =>
    session.events({
      type: 'notice',
      message: 'Waiting for the create request to answer, so the id of the task it may have started is not lost. Ctrl-C again quits now.',
      job,
    });
  session.signal?.addEventListener('abort', holdOn, { once: true });
  try {
    session.signal?.throwIfAborted();
    created = await callProvider(session, spec, {
      kind: 'create',
      purpose: 'create task',
      parse: (data) => adapter.parseCreate(data, spec),
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
  const { taskId, estimate, routing } = created;
  const record = { ...(estimate !== undefined ? { estimate } : {}), ...(routing ? { model: routing.model } : {}) };
  try {
    await session.journal.appendDurable({ type: 'created', job, at: new Date().toISOString(), taskId, ...record });
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
  // A Model Router's task is the model it chose: named, priced and learned as that model.
  const made = routing ? { ...intent, model: routing.model } : intent;
  if (routing) session.events({ type: 'notice', message: routedText(routing, estimate), job });
  if (estimate !== undefined) learnPrice(session, made, { credits: estimate, taskId, from: 'estimate' }, job);
  return { job, taskId, intent: made, createdAt, estimate, routing };
}
