/** `runway extend <task-id>`: continue an earlier video with the provider's native extend. */
import { UsageError, GenerationFailedError } from '../../core/errors.js';
import { planGeneration } from '../../core/generation/plan.js';
import { runGeneration } from '../../core/generation/generate.js';
import { fetchTask } from '../../core/generation/task-api.js';
import { knownProviders } from '../../core/session/session.js';
import { dryRun } from '../../core/generation/dry-run.js';
import { withSession } from '../with-session.js';
import { openJournal, optionsForTask } from '../jobs.js';
import { checkTaskId } from '../../core/generation/task-id.js';
import { outputSettings } from '../output-settings.js';
import { extrasFromOptions, resolvePrompt } from '../request.js';
import { printDryRun } from '../render/dry-run.js';
import { printJson, printLine, printResult } from '../render/output.js';
import type { HandlerContext } from '../program.js';
import type { GenerationFlags } from '../flags.js';

export async function run({ args, options, argv }: HandlerContext<GenerationFlags>): Promise<number> {
  const taskId = checkTaskId(args[0] as string);
  const known = openJournal().findByTask(taskId);
  const prompt = await resolvePrompt(options);
  return withSession(optionsForTask(options, known), async ({ session, mode, reporter }) => {
    const { preset } = session.provider;
    const all = knownProviders(session.config);
    if (!preset.features.extend) {
      const able = all.filter((p) => p.features.extend).map((p) => p.name);
      throw new UsageError(`${preset.name} has no native extend.`, { hint: `Providers that can extend a video: ${able.join(', ')}. Use --provider <name>.` });
    }
    const modelName = options.model ?? (known?.intent.protocol === preset.protocol ? known.intent.model : undefined) ?? 'gen3';
    const request = {
      prompt,
      duration: options.duration,
      seed: options.seed,
      extras: extrasFromOptions(options),
      extendTaskId: taskId,
    };
    const plan = await planGeneration(session.provider, modelName, request, all);
    const out = outputSettings(session, options);
    if (options.dryRun) {
      printDryRun([dryRun(session, plan, { taskId, videoUrl: '<the earlier task’s video URL>' })], mode.json);
      return 0;
    }
    const earlier = await fetchTask(session, taskId);
    const videoUrl = earlier.outputs[0]?.url;
    if (earlier.state !== 'succeeded' || !videoUrl) {
      throw new GenerationFailedError(`Task ${taskId} is ${earlier.state}; only a succeeded task with a video can be extended.`, { taskId });
    }
    const outcome = await runGeneration(session, plan, { wait: options.wait !== false, command: argv.slice(2), extend: { taskId, videoUrl }, ...out });
    reporter.stop();
    if (!outcome.result) {
      if (mode.json) printJson({ taskId: outcome.created.taskId, provider: session.name, model: plan.model.id, status: 'pending', extendedFrom: taskId });
      else printLine(outcome.created.taskId);
      return 0;
    }
    printResult(outcome.result, mode.json);
    return 0;
  });
}
