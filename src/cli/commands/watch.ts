/**
 * `runway watch <task-id...>` and `runway watch --pending`: wait for tasks and save their videos,
 * resuming from the journal. One session per provider the tasks live on.
 */
import { UsageError, exitCodeOf, mostSevere, type ExitCodeValue } from '../../core/errors.js';
import { finishTasks, namedTargets, pendingTargets, type WatchOutcome, type WatchTarget } from '../../core/tasks/watch.js';
import { checkTaskId } from '../../core/tasks/task-id.js';
import { withSession } from '../session/with-session.js';
import { openJournal, optionsForTask } from '../session/jobs.js';
import { outputSettings } from '../session/output-settings.js';
import { printResult, printJson } from '../render/output.js';
import { failureJson } from '../render/failure.js';
import { say } from '../render/terminal.js';
import { reportError } from '../render/report-error.js';
import type { RenderMode, Reporter } from '../render/progress.js';
import type { HandlerContext } from '../handler.js';
import type { WatchFlags } from '../options/flags.js';

/** Groups targets by where they live, so each provider gets one session. */
function groupByProvider(targets: WatchTarget[], options: WatchFlags): Map<string, { options: WatchFlags; targets: WatchTarget[] }> {
  const groups = new Map<string, { options: WatchFlags; targets: WatchTarget[] }>();
  for (const target of targets) {
    const scoped = optionsForTask(options, target.record);
    const key = `${String(scoped.provider ?? '')}|${String(scoped.baseUrl ?? '')}`;
    const group = groups.get(key) ?? { options: scoped, targets: [] };
    group.targets.push(target);
    groups.set(key, group);
  }
  return groups;
}

function render(outcome: WatchOutcome, mode: RenderMode, reporter: Reporter, provider: string, argv: string[]): ExitCodeValue | undefined {
  reporter.stop();
  if ('busyWith' in outcome) {
    if (!mode.quiet && !mode.json)
      say(`runway: task ${outcome.target.taskId} is being finished by another runway process (pid ${outcome.busyWith}); skipping it.`);
    return undefined;
  }
  if ('result' in outcome) {
    printResult(outcome.result, mode.json);
    return 0;
  }
  if (mode.json) {
    const intent = outcome.ref?.intent;
    const json = failureJson(outcome.error, {
      provider,
      model: intent?.model ?? 'runway',
      prompt: intent?.prompt,
      seed: intent?.seed,
      ratio: intent?.ratio,
      duration: intent?.duration,
    });
    if (json) printJson(json);
  }
  // A failure that ends the run is reported once, by the entry point.
  return outcome.fatal ? exitCodeOf(outcome.error) : (reportError(outcome.error, argv) as ExitCodeValue);
}

export async function run({ args, options, argv }: HandlerContext<WatchFlags>): Promise<number> {
  const journal = openJournal();
  let targets: WatchTarget[];
  if (options.pending) {
    if (args.length > 0) throw new UsageError('Give task ids or --pending, not both.');
    const pending = pendingTargets(journal);
    for (const job of pending.unknown) {
      say(
        `runway: ${job.intent.model} job from ${job.createdAt} has no task id — it may or may not have been created (${job.createError ?? 'interrupted during create'}). It is never re-sent automatically; check ${job.intent.provider}'s dashboard.`,
      );
    }
    targets = pending.targets;
    if (targets.length === 0) {
      if (!options.quiet && !options.json) say('runway: nothing pending.');
      return 0;
    }
  } else {
    if (args.length === 0) throw new UsageError('Give one or more task ids, or --pending.');
    targets = namedTargets(journal, args.map(checkTaskId));
  }

  const concurrency = options.concurrency ?? 4;
  const codes: ExitCodeValue[] = [];
  for (const group of groupByProvider(targets, options).values()) {
    const parallel = Math.min(concurrency, group.targets.length);
    await withSession(
      group.options,
      async ({ session, mode, reporter }) => {
        await finishTasks(session, group.targets, {
          concurrency: parallel,
          pending: options.pending === true,
          placement: { out: options.out, output: options.output },
          out: outputSettings(session, options),
          command: argv.slice(2),
          onOutcome: (outcome) => {
            const code = render(outcome, mode, reporter, session.name, argv);
            if (code !== undefined) codes.push(code);
          },
        });
      },
      { plain: parallel > 1 },
    );
  }
  return mostSevere(codes);
}
