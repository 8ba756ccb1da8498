/** One query of a task (tolerating a gateway's "task_not_exist" right after create), and cancel. */
import { ApiError, UsageError } from '../errors.js';
import { callProvider } from '../session/provider-call.js';
import type { Session } from '../session/session.js';
import type { ParsedTask, TaskSnapshot } from '../../providers/types.js';

export interface FetchOptions {
  deadline?: number | undefined;
  /** Clock time until which "not found" means "not indexed yet" rather than "no such task". */
  notFoundGraceUntil?: number | undefined;
}

export async function fetchTask(session: Session, taskId: string, options: FetchOptions = {}): Promise<TaskSnapshot> {
  const { adapter } = session.provider;
  const statuses = adapter.taskAnswerStatuses ?? [];
  for (;;) {
    const parsed = await callProvider<ParsedTask>(session, adapter.buildGetTask(taskId), {
      kind: 'idempotent',
      purpose: 'check task',
      deadline: options.deadline,
      // A 404 always means "no such task here" (said in our words below), never a bare HTTP error.
      acceptStatus: (status) => status === 404 || statuses.includes(status),
      parse: (data, response) => {
        if (response.status === 404) {
          try {
            const answer = adapter.parseTask(data, taskId);
            return answer.found ? { found: false, message: 'HTTP 404' } : answer;
          } catch {
            return { found: false, message: 'HTTP 404' };
          }
        }
        return adapter.parseTask(data, taskId);
      },
    });
    if (parsed.found) return parsed.task;
    const now = session.clock.now();
    if (options.notFoundGraceUntil !== undefined && now < options.notFoundGraceUntil) {
      await session.clock.sleep(Math.min(session.minPollMs, 2_000, options.notFoundGraceUntil - now), session.signal);
      continue;
    }
    throw new ApiError(`${session.name} does not know task ${taskId} (${parsed.message}).`, {
      status: 404,
      method: 'GET',
      url: session.baseUrl,
      hint:
        'Check the task id, and that --provider/--base-url are the ones it was created with (`runway list` shows ' +
        'where each task of this machine was created). Providers also delete tasks some time after they finish.',
    });
  }
}

export async function cancelTask(session: Session, taskId: string): Promise<void> {
  const { adapter, preset } = session.provider;
  if (!adapter.buildCancel || !preset.features.cancel) {
    throw new UsageError(`${preset.name} has no way to cancel a task.`);
  }
  await callProvider(session, adapter.buildCancel(taskId), { kind: 'idempotent', purpose: 'cancel task', parse: () => undefined });
}
