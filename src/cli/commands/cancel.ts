/** `runway cancel <task-id>`. */
import { cancelTask } from '../../core/task-api.js';
import { withSession } from '../with-session.js';
import { openJournal, optionsForTask } from '../jobs.js';
import { printJson } from '../render/output.js';
import type { HandlerContext } from '../program.js';

export async function run({ args, options }: HandlerContext): Promise<number> {
  const taskId = args[0] as string;
  const known = openJournal().findByTask(taskId);
  return withSession(optionsForTask(options, known), async ({ session, mode }) => {
    await cancelTask(session, taskId);
    if (known) {
      session.journal.append({ type: 'failed', job: known.job, at: new Date().toISOString(), state: 'cancelled', message: 'cancelled with runway cancel', moderation: false });
    }
    if (mode.json) printJson({ taskId, provider: session.name, cancelled: true });
    else if (!mode.quiet) process.stderr.write(`runway: cancelled task ${taskId} on ${session.name}\n`);
    return 0;
  });
}
