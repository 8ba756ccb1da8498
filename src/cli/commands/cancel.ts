/** `runway cancel <task-id>`: cancel a queued or running task (or, with --force, delete a finished one). */
import { cancelJob } from '../../core/tasks/cancel.js';
import { checkTaskId } from '../../core/tasks/task-id.js';
import { withSession } from '../session/with-session.js';
import { openJournal, optionsForTask } from '../session/jobs.js';
import { printJson } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { HandlerContext } from '../handler.js';
import type { CancelFlags } from '../options/flags.js';

export async function run({ args, options }: HandlerContext<CancelFlags>): Promise<number> {
  const taskId = checkTaskId(args[0] as string);
  return withSession(optionsForTask(options, openJournal().findByTask(taskId)), async ({ session, mode }) => {
    const outcome = await cancelJob(session, taskId, { force: options.force === true });
    if (mode.json) printJson({ taskId, provider: session.name, cancelled: outcome.cancelled, deleted: outcome.deleted });
    else if (!mode.quiet) say(`runway: ${outcome.deleted ? 'deleted finished' : 'cancelled'} task ${taskId} on ${session.name}`);
    return 0;
  });
}
