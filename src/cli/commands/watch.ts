/**
 * `runway watch <task-id...>` and `runway watch --pending`: wait for tasks and save their videos,
 * resuming from the journal. One session per provider the tasks live on.
 */
import { mostSevere, type ExitCodeValue } from '../../core/errors.js';
import { watchCommand } from '../../core/tasks/watch.js';
import { checkTaskId } from '../../core/tasks/task-id.js';
import { parseBase } from '../parse/session.js';
import { withSessions } from '../session/with-session.js';
import { createReporter, type Reporter } from '../render/progress.js';
import { renderWatched } from '../views/watch.js';
import type { HandlerContext } from '../handler.js';
import type { WatchFlags } from '../options/flags.js';

export async function run({ args, options, argv }: HandlerContext<WatchFlags>): Promise<number> {
  const base = parseBase(options);
  const { provider, baseUrl, out, output, pending, concurrency = 4 } = options;
  const ask = {
    taskIds: args.map(checkTaskId),
    pending: pending === true,
    concurrency,
    place: { out, template: output },
    provider,
    baseUrl,
    command: argv.slice(2),
  };
  const codes: ExitCodeValue[] = [];
  let reporter: Reporter | undefined;
  await withSessions(base, (scope) =>
    watchCommand(scope, ask, async (parallel) => {
      reporter?.stop();
      // Several tasks at once cannot share one spinner: they report in plain lines instead.
      const current = (reporter = await createReporter({ ...base.mode, tty: base.mode.tty && parallel === 1 }));
      scope.listen(current.sink);
      return (outcome, where) => {
        current.stop();
        const code = renderWatched(outcome, base.mode, where, argv);
        if (code !== undefined) codes.push(code);
      };
    }).finally(() => reporter?.stop()),
  );
  return mostSevere(codes);
}
