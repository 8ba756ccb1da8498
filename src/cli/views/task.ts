/** One task's status, a cancel, a balance and an upload, on the terminal or as JSON. */
import { formatBytes } from '../../core/format-bytes.js';
import { printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { TaskStatus } from '../../core/tasks/status.js';
import type { CancelOutcome } from '../../core/tasks/cancel.js';
import type { BalanceOutcome } from '../../core/cost/balance.js';
import type { UploadOutcome } from '../../core/inputs/upload.js';
import type { RenderMode } from '../render/progress.js';

export function renderStatus(task: TaskStatus, mode: RenderMode): number {
  if (mode.json) {
    printJson(task);
    return 0;
  }
  printLine(`task:     ${task.taskId}`);
  printLine(`provider: ${task.provider}`);
  printLine(`status:   ${task.status}${task.providerStatus.toLowerCase() !== task.status ? ` (${task.providerStatus})` : ''}`);
  if (task.progress !== null && task.status !== 'succeeded') printLine(`progress: ${Math.round(task.progress * 100)}%`);
  if (task.startsInSeconds !== null) printLine(`starts in: ~${Math.round(task.startsInSeconds)} s`);
  if (task.failure) printLine(`failure:  ${task.failure.message}${task.failure.code ? ` [${task.failure.code}]` : ''}`);
  if (task.cost) printLine(`${task.cost.final ? 'cost:    ' : 'est cost:'} ${task.cost.credits} credits`);
  for (const output of task.outputs) printLine(`output:   ${output.url}${output.bytes ? ` (${formatBytes(output.bytes)})` : ''}`);
  return 0;
}

export function renderCancel(outcome: CancelOutcome, mode: RenderMode): number {
  if (mode.json) printJson(outcome);
  else if (!mode.quiet) say(`runway: ${outcome.deleted ? 'deleted finished' : 'cancelled'} task ${outcome.taskId} on ${outcome.provider}`);
  return 0;
}

export function renderBalance(balance: BalanceOutcome, mode: RenderMode): number {
  if (mode.json) printJson({ provider: balance.provider, credits: balance.credits, ...balance.details });
  else printLine(`${balance.credits} credits (${balance.provider})`);
  return 0;
}

export function renderUpload(upload: UploadOutcome, mode: RenderMode): number {
  if (mode.json) printJson(upload);
  else printLine(upload.uri);
  return 0;
}
