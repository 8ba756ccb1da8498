/** `runway cancel <task-id>`: cancel a queued or running task (or, with --force, delete a finished one). */
import { cancelJob } from '../../core/tasks/cancel.js';
import { parseTaskCommand } from '../parse/task.js';
import { withSession } from '../session/with-session.js';
import { renderCancel } from '../views/task.js';
import type { HandlerContext } from '../handler.js';
import type { CancelFlags } from '../options/flags.js';

export async function run({ args, options }: HandlerContext<CancelFlags>): Promise<number> {
  const { base, taskId } = parseTaskCommand(args[0], options);
  return renderCancel(await withSession(base, ({ session }) => cancelJob(session, taskId, { force: options.force === true })), base.mode);
}
