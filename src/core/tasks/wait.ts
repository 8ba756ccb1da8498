/**
 * Waiting for a task to end: polls at the pace the poll policy sets, journals each state change,
 * and turns the time limit into exit 7 with the way to carry on, whatever the last poll said.
 */
import { ApiError, NetworkError, WaitTimeoutError } from '../errors.js';
import { backoffCapMs } from '../http/retry.js';
import { fetchTask } from './task-api.js';
import { nextPollDelay, type PollSample } from './poll-policy.js';
import type { JobRef } from './job-ref.js';
import type { Session } from '../session/session.js';
import type { TaskSnapshot, TaskState } from '../../providers/types.js';

const maxPollMs = 30_000;

export async function waitForTask(session: Session, ref: JobRef): Promise<TaskSnapshot> {
  const { clock } = session;
  const started = clock.now();
  const deadline = started + session.timeoutMs;
  const graceUntil = ref.fresh ? started + session.provider.preset.notFoundGraceMs : undefined;
  const samples: PollSample[] = ref.fresh ? [{ at: started, state: 'pending' }] : [];
  let lastState: TaskState | undefined;
  if (ref.fresh) await clock.sleep(Math.min(session.minPollMs, deadline - started), session.signal);
  const timedOut = (now: number, state: string, cause?: unknown) =>
    new WaitTimeoutError(`Gave up waiting after ${Math.round((now - started) / 1000)} s: task ${ref.taskId} is still ${state}.`, {
      taskId: ref.taskId,
      cause,
      hint: `It keeps running (and is paid for). Continue with: runway watch ${ref.taskId}`,
    });
  for (;;) {
    let task: TaskSnapshot;
    try {
      task = await fetchTask(session, ref.taskId, { deadline, notFoundGraceUntil: graceUntil });
    } catch (error) {
      // The HTTP client stops retrying a failing poll when the next try would land past the
      // deadline: that is the time limit speaking, whatever the last answer was.
      const transient =
        error instanceof NetworkError ||
        (error instanceof ApiError && (error.status >= 500 || error.status === 429 || error.status === 408));
      if (transient && clock.now() >= deadline - backoffCapMs) {
        throw timedOut(
          clock.now(),
          `${lastState ?? 'pending'} as far as we know (the last check failed: ${(error as Error).message})`,
          error,
        );
      }
      throw withWatchHint(error, ref.taskId);
    }
    const now = clock.now();
    samples.push({ at: now, state: task.state, progress: task.progress, startsInSeconds: task.startsInSeconds });
    session.events({ type: 'status', task, elapsedMs: now - started, job: ref.job });
    if (task.state !== lastState) {
      lastState = task.state;
      if (task.state === 'pending' || task.state === 'running') {
        session.journal.append({ type: 'state', job: ref.job, at: new Date().toISOString(), state: task.state, progress: task.progress });
      }
    }
    if (task.state !== 'pending' && task.state !== 'running') return task;
    if (now >= deadline) throw timedOut(now, task.state);
    const delay = Math.min(
      nextPollDelay(samples, { minMs: session.minPollMs, maxMs: Math.max(maxPollMs, session.minPollMs) }),
      deadline - now,
    );
    await clock.sleep(delay, session.signal);
  }
}

/** A poll that failed for good: the task exists all the same, so the way back names it. */
function withWatchHint(error: unknown, taskId: string): unknown {
  if (!(error instanceof ApiError) || error.status === 404) return error;
  const hint =
    `${error.hint ? `${error.hint} ` : ''}The task was created and keeps running: once that is fixed, \`runway ` +
    `watch ${taskId}\` finishes it.`;
  return new ApiError(error.message, {
    status: error.status,
    method: error.method,
    url: error.url,
    body: error.body,
    cause: error,
    taskId,
    hint,
  });
}
