/**
 * `runway cancel <task-id>`. The task is looked at first: on the official API the same request
 * that cancels a running task deletes a finished one with its videos, and a finished task whose
 * videos are not saved here is paid work that must not go by accident.
 */
import { UsageError } from '../../core/errors.js';
import { cancelTask, fetchTask } from '../../core/generation/task-api.js';
import { withSession } from '../with-session.js';
import { checkTaskId, openJournal, optionsForTask } from '../jobs.js';
import { printJson } from '../render/output.js';
import type { HandlerContext } from '../program.js';
import { say } from '../render/terminal.js';

export async function run({ args, options }: HandlerContext): Promise<number> {
  const taskId = checkTaskId(args[0] as string);
  const known = openJournal().findByTask(taskId);
  return withSession(optionsForTask(options, known), async ({ session, mode }) => {
    const task = await fetchTask(session, taskId);
    const finished = task.state !== 'pending' && task.state !== 'running';
    if (task.state === 'succeeded' && known?.phase !== 'downloaded' && options.force !== true) {
      throw new UsageError(`Task ${taskId} has already finished: cancelling it now would delete it and its videos on ${session.name}, and they are not saved here.`, {
        hint: `Save them first with \`runway watch ${taskId}\`, or pass --force to delete the task anyway.`,
      });
    }
    await cancelTask(session, taskId);
    // A finished job keeps its own outcome in the journal (saved, failed); only a live one was cancelled.
    if (known && !finished) {
      session.journal.append({ type: 'failed', job: known.job, at: new Date().toISOString(), state: 'cancelled', message: 'cancelled with runway cancel', moderation: false });
    }
    if (mode.json) printJson({ taskId, provider: session.name, cancelled: !finished, deleted: finished });
    else if (!mode.quiet) {
      say(finished ? `runway: deleted finished task ${taskId} on ${session.name}` : `runway: cancelled task ${taskId} on ${session.name}`);
    }
    return 0;
  });
}
