/** `runway status <task-id>`: one query. Exit 0 whenever the query worked, whatever the task's state. */
import { taskStatus } from '../../core/tasks/status.js';
import { parseTaskCommand } from '../parse/task.js';
import { withSession } from '../session/with-session.js';
import { renderStatus } from '../views/task.js';
import type { HandlerContext } from '../handler.js';
import type { ProviderFlags } from '../options/flags.js';

export async function run({ args, options }: HandlerContext<ProviderFlags>): Promise<number> {
  const { base, taskId } = parseTaskCommand(args[0], options);
  return renderStatus(await withSession(base, ({ session }) => taskStatus(session, taskId)), base.mode);
}
