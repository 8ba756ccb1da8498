/** `runway status <task-id>`: one query. Exit 0 whenever the query worked, whatever the task's state. */
import { fetchTask } from '../../core/tasks/task-api.js';
import { formatBytes } from '../../core/format-bytes.js';
import { withSession } from '../session/with-session.js';
import { openJournal, optionsForTask } from '../session/jobs.js';
import { checkTaskId } from '../../core/tasks/task-id.js';
import { printJson, printLine } from '../render/output.js';
import type { HandlerContext } from '../handler.js';
import type { ProviderFlags } from '../options/flags.js';

export async function run({ args, options }: HandlerContext<ProviderFlags>): Promise<number> {
  const taskId = checkTaskId(args[0] as string);
  const known = openJournal().findByTask(taskId);
  return withSession(optionsForTask(options, known), async ({ session, mode, reporter }) => {
    const task = await fetchTask(session, taskId);
    reporter.stop();
    const json = {
      taskId: task.id,
      provider: session.name,
      status: task.state,
      providerStatus: task.rawStatus,
      progress: task.progress ?? null,
      startsInSeconds: task.startsInSeconds ?? null,
      outputs: task.outputs.map((o) => ({ url: o.url, bytes: o.bytes ?? null })),
      failure: task.failure ?? null,
      createdAt: task.createdAt ?? null,
      cost: task.credits ? { credits: task.credits.amount, final: task.credits.final } : null,
    };
    if (mode.json) {
      printJson(json);
      return 0;
    }
    printLine(`task:     ${task.id}`);
    printLine(`provider: ${session.name}`);
    printLine(`status:   ${task.state}${task.rawStatus.toLowerCase() !== task.state ? ` (${task.rawStatus})` : ''}`);
    if (task.progress !== undefined && task.state !== 'succeeded') printLine(`progress: ${Math.round(task.progress * 100)}%`);
    if (task.startsInSeconds !== undefined) printLine(`starts in: ~${Math.round(task.startsInSeconds)} s`);
    if (task.failure) printLine(`failure:  ${task.failure.message}${task.failure.code ? ` [${task.failure.code}]` : ''}`);
    if (task.credits) printLine(`${task.credits.final ? 'cost:    ' : 'est cost:'} ${task.credits.amount} credits`);
    for (const output of task.outputs) printLine(`output:   ${output.url}${output.bytes ? ` (${formatBytes(output.bytes)})` : ''}`);
    return 0;
  });
}
