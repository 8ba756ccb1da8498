/** `runway prune [--older-than <days>] [--dry-run] [--json]`: drop old settled jobs from the journal. */
import { formatBytes } from '../../core/format-bytes.js';
import { openJournal } from '../session/jobs.js';
import { printJson, printLine } from '../render/output.js';
import type { HandlerContext } from '../handler.js';

const dayMs = 24 * 60 * 60 * 1000;

export async function run({ options }: HandlerContext): Promise<number> {
  const days = (options.olderThan as number | undefined) ?? 30;
  const dryRun = options.dryRun === true;
  const result = openJournal().prune(new Date(Date.now() - days * dayMs), dryRun);
  if (options.json) {
    printJson({
      dryRun,
      olderThanDays: days,
      pruned: result.droppedJobs.length,
      kept: result.keptJobs,
      bytesBefore: result.bytesBefore,
      bytesAfter: result.bytesAfter,
      jobs: result.droppedJobs.map((job) => ({ job: job.job, taskId: job.taskId ?? null, state: job.phase, updatedAt: job.updatedAt })),
    });
    return 0;
  }
  const what = `${result.droppedJobs.length} settled job${result.droppedJobs.length === 1 ? '' : 's'} last updated over ${days} day${days === 1 ? '' : 's'} ago`;
  if (dryRun) printLine(`would prune ${what}; ${result.keptJobs} kept (nothing changed)`);
  else printLine(`pruned ${what}; ${result.keptJobs} kept; journal ${formatBytes(result.bytesBefore)} → ${formatBytes(result.bytesAfter)}`);
  return 0;
}
