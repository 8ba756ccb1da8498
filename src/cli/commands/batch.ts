/**
 * `runway batch <file|->`: validate every line first (exit 2 on any problem unless
 * --skip-invalid), then run the jobs concurrently, resumably, and report.
 */
import { batchCommand } from '../../core/batch/command.js';
import { parseBatch } from '../parse/batch.js';
import { withSessions } from '../session/with-session.js';
import { createBatchReporter, type BatchReporter } from '../render/batch-progress.js';
import { renderBatch } from '../views/batch.js';
import type { HandlerContext } from '../handler.js';
import type { BatchFlags } from '../options/flags.js';

export async function run(context: HandlerContext<BatchFlags>): Promise<number> {
  const { base, ask } = await parseBatch(context);
  let reporter: BatchReporter | undefined;
  return withSessions(base, async (scope) => {
    const watch = async (jobs: number) => {
      reporter = await createBatchReporter(jobs, base.mode);
      scope.listen(reporter.sink);
      return reporter;
    };
    const outcome = await batchCommand(scope, ask, watch).finally(() => reporter?.stop());
    // The finished jobs are read back from the run's result log while they are shown, then it goes.
    try {
      return await renderBatch(outcome, base.mode);
    } finally {
      if (outcome.kind === 'run') outcome.results.close();
    }
  });
}
