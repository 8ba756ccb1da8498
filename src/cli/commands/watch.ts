/**
 * `runway watch <task-id...>` and `runway watch --pending`: wait for tasks and save their videos,
 * resuming from the journal (same file names, same .part files). Never creates anything.
 */
import { UsageError, exitCodeOf, mostSevere, type ExitCodeValue } from '../../core/errors.js';
import { finishJob, type JobRef } from '../../core/generation/finish.js';
import { isUnfinished, type JobRecord } from '../../core/journal/fold.js';
import { withSession } from '../with-session.js';
import { adoptTask, checkTaskId, openJournal, optionsForTask, refFromRecord } from '../jobs.js';
import { outputSettings } from './generate.js';
import { printResult, printJson } from '../render/output.js';
import { failureJson } from '../render/failure.js';
import { reportError } from '../report-error.js';
import type { HandlerContext } from '../program.js';
import { say } from '../render/terminal.js';

interface Target {
  taskId: string;
  record?: JobRecord | undefined;
}

/** Groups targets by where they live, so each provider gets one session. */
function groupByProvider(targets: Target[], options: Record<string, unknown>): Map<string, { options: Record<string, unknown>; targets: Target[] }> {
  const groups = new Map<string, { options: Record<string, unknown>; targets: Target[] }>();
  for (const target of targets) {
    const scoped = optionsForTask(options, target.record);
    const key = `${String(scoped.provider ?? '')}|${String(scoped.baseUrl ?? '')}`;
    const group = groups.get(key) ?? { options: scoped, targets: [] };
    group.targets.push(target);
    groups.set(key, group);
  }
  return groups;
}

export async function run({ args, options, argv }: HandlerContext): Promise<number> {
  const journal = openJournal();
  let targets: Target[];
  if (options.pending) {
    if (args.length > 0) throw new UsageError('Give task ids or --pending, not both.');
    const jobs = journal.jobs();
    const unknown = jobs.filter((j) => j.phase === 'unknown');
    for (const job of unknown) {
      say(
        `runway: ${job.intent.model} job from ${job.createdAt} has no task id — it may or may not have been created (${job.createError ?? 'interrupted during create'}). It is never re-sent automatically; check ${job.intent.provider}'s dashboard.`,
      );
    }
    targets = jobs.filter(isUnfinished).map((record) => ({ taskId: record.taskId as string, record }));
    if (targets.length === 0) {
      if (!options.quiet && !options.json) say('runway: nothing pending.');
      return 0;
    }
  } else {
    if (args.length === 0) throw new UsageError('Give one or more task ids, or --pending.');
    const jobs = journal.jobs();
    targets = [...new Set(args.map(checkTaskId))].map((taskId) => ({ taskId, record: jobs.find((j) => j.taskId === taskId) }));
  }

  const concurrency = (options.concurrency as number | undefined) ?? 4;
  const codes: ExitCodeValue[] = [];
  for (const group of groupByProvider(targets, options).values()) {
    const parallel = Math.min(concurrency, group.targets.length);
    const code = await withSession(
      group.options,
      async ({ session, mode, reporter }) => {
        const out = outputSettings(session, options);
        const groupCodes: ExitCodeValue[] = [];
        let fatal: unknown;
        const finishOne = async (target: Target): Promise<void> => {
          const owner = options.pending && target.record ? session.locks.holder(target.record.job) : undefined;
          if (owner !== undefined) {
            if (!mode.quiet && !mode.json) say(`runway: task ${target.taskId} is being finished by another runway process (pid ${owner}); skipping it.`);
            return;
          }
          let ref: JobRef | undefined;
          try {
            ref = target.record ? refFromRecord(target.record, options) : await adoptTask(session, target.taskId, out, argv);
            const result = await finishJob(session, ref);
            reporter.stop();
            printResult(result, mode.json);
            groupCodes.push(0);
          } catch (error) {
            reporter.stop();
            if (mode.json) {
              const intent = ref?.intent;
              const json = failureJson(error, { provider: session.name, model: intent?.model ?? 'runway', prompt: intent?.prompt, seed: intent?.seed, ratio: intent?.ratio, duration: intent?.duration });
              if (json) printJson(json);
            }
            // Ctrl-C stops everything; a missing or rejected key would fail every other task the same way.
            if (exitCodeOf(error) === 130 || exitCodeOf(error) === 3 || group.targets.length === 1) {
              fatal ??= error;
              return;
            }
            groupCodes.push(reportError(error, argv) as ExitCodeValue);
          }
        };
        let next = 0;
        const worker = async () => {
          while (fatal === undefined && next < group.targets.length) await finishOne(group.targets[next++] as Target);
        };
        await Promise.all(Array.from({ length: parallel }, worker));
        if (fatal !== undefined) throw fatal;
        return mostSevere(groupCodes);
      },
      { plain: parallel > 1 },
    );
    codes.push(code);
  }
  return mostSevere(codes);
}
