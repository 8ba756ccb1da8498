/**
 * Cancelling a task. It is looked at first: on the official API the same request that cancels a
 * running task deletes a finished one with its videos, and a finished task whose videos are not
 * saved here is paid work that must not go by accident.
 */
import { UsageError } from '../errors.js';
import { cancelTask, fetchTask } from './task-api.js';
import type { Session } from '../session/session.js';

export interface CancelOutcome {
  taskId: string;
  provider: string;
  /** A live task was cancelled; otherwise a finished one was deleted. */
  cancelled: boolean;
  deleted: boolean;
}

export async function cancelJob(session: Session, taskId: string, options: { force: boolean }): Promise<CancelOutcome> {
  const known = session.journal.findByTask(taskId);
  const task = await fetchTask(session, taskId);
  const finished = task.state !== 'pending' && task.state !== 'running';
  if (task.state === 'succeeded' && known?.phase !== 'downloaded' && !options.force) {
    throw new UsageError(
      `Task ${taskId} has already finished: cancelling it now would delete it and its videos on ${session.name}, and they ` +
        `are not saved here.`,
      {
        hint: `Save them first with \`runway watch ${taskId}\`, or pass --force to delete the task anyway.`,
      },
    );
  }
  await cancelTask(session, taskId);
  // A finished job keeps its own outcome in the journal (saved, failed); only a live one was cancelled.
  if (known && !finished) {
    session.journal.append({
      type: 'failed',
      job: known.job,
      at: new Date().toISOString(),
      state: 'cancelled',
      message: 'cancelled with runway cancel',
      moderation: false,
    });
  }
  return { taskId, provider: session.name, cancelled: !finished, deleted: finished };
}
