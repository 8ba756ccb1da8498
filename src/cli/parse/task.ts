/** Commands about one task (status, cancel): its id checked, and the session pointed where the journal says it was created. */
import { checkTaskId } from '../../core/tasks/task-id.js';
import { openJournal } from '../../core/journal/journal.js';
import { forTask, parseBase, type CommandBase } from './session.js';
import type { ProviderFlags } from '../options/flags.js';

export function parseTaskCommand(given: string | undefined, options: ProviderFlags): { base: CommandBase; taskId: string } {
  const taskId = checkTaskId(given ?? '');
  const base = parseBase(options);
  return { taskId, base: { ...base, session: forTask(base.session, openJournal().findByTask(taskId)?.intent) } };
}
