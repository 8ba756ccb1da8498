/** `runway story <storyboard>`: shots in order (some continuing the one before), then one film. */
import { storyCommand } from '../../core/story/command.js';
import { parseStory, type StoryFlags } from '../parse/story.js';
import { withSessions } from '../session/with-session.js';
import { createBatchReporter, type BatchReporter } from '../render/batch-progress.js';
import { renderStory } from '../views/film.js';
import type { HandlerContext } from '../handler.js';

export async function run(context: HandlerContext<StoryFlags>): Promise<number> {
  const { base, ask } = await parseStory(context);
  let reporter: BatchReporter | undefined;
  const outcome = await withSessions(base, (scope) =>
    storyCommand(scope, ask, async (jobs) => {
      reporter = await createBatchReporter(jobs, base.mode);
      scope.listen(reporter.sink);
      return reporter;
    }).finally(() => reporter?.stop()),
  );
  return renderStory(outcome, base.mode);
}
