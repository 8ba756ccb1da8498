/** `runway generate`, the model shortcuts (gen4, gen3, …) and the official API's other endpoints (upscale, image…). */
import { planGeneration, type GenerationPlan } from '../../core/generation/plan.js';
import { runGeneration } from '../../core/generation/generate.js';
import { recognizeTaskIds } from '../../core/inputs/task-input.js';
import { checkTaskInputs } from '../../core/inputs/input-kind.js';
import { knownProviders } from '../../core/session/session.js';
import { dryRun } from '../../core/cost/dry-run.js';
import { writeInfoJson } from '../../core/generation/info-json.js';
import { outputSettings } from '../session/output-settings.js';
import { requestFromOptions } from '../parse/request.js';
import { withSession, type CommandScope } from '../session/with-session.js';
import { dryRunWithBudget } from '../render/dry-run.js';
import { printJson, printLine, printResult } from '../render/output.js';
import { failureJson } from '../render/failure.js';
import { runPipelineCommand } from '../run-pipeline.js';
import type { HandlerContext } from '../handler.js';
import type { GenerationFlags } from '../options/flags.js';
import type { GenerationRequest } from '../../providers/validate.js';
import type { ToolCommand } from '../../providers/official/tools.js';

export async function run({ options, preset, argv }: HandlerContext<GenerationFlags>): Promise<number> {
  const modelName = (preset.model as string | undefined) ?? options.model;
  return generate(options, argv, modelName, await requestFromOptions(options));
}

/** One generation (or a pipeline of them with --then): plan, preview or budget, run, print. */
export async function generate(
  options: GenerationFlags,
  argv: string[],
  modelName: string | undefined,
  given: GenerationRequest,
  tool?: ToolCommand,
): Promise<number> {
  return withSession(options, async (scope) => {
    const { session, reporter, mode } = scope;
    const request = recognizeTaskIds(session, given);
    const plan: GenerationPlan = await planGeneration(session.provider, modelName, request, knownProviders(session.config), tool);
    await checkTaskInputs(session, plan, options.dryRun !== true);
    if (options.then && options.then.length > 0) return runPipelineCommand(scope, options, argv, plan);
    const out = outputSettings(session, options);
    if (options.dryRun || options.maxCredits !== undefined) {
      const preview = dryRun(session, plan);
      await dryRunWithBudget([preview], { dryRun: options.dryRun === true, maxCredits: options.maxCredits, json: mode.json });
      if (options.dryRun) return 0;
    }
    for (const warning of plan.warnings) reporter.sink({ type: 'warning', message: warning });
    const startedAt = new Date();
    try {
      const outcome = await runGeneration(session, plan, { wait: options.wait !== false, command: argv.slice(2), ...out });
      reporter.stop();
      if (!outcome.result) {
        if (mode.json)
          printJson({
            taskId: outcome.created.taskId,
            provider: session.name,
            model: plan.model.id,
            status: 'pending',
            outputs: [],
            prompt: plan.request.prompt ?? null,
            seed: plan.seed ?? null,
            ratio: plan.ratio ?? null,
            duration: plan.duration ?? null,
            credits: null,
          });
        else printLine(outcome.created.taskId);
        return 0;
      }
      if (options.writeInfoJson)
        await writeInfoJson(outcome.result, outcome.created.intent, { createdAt: startedAt, finishedAt: new Date() });
      printResult(outcome.result, mode.json);
      return 0;
    } catch (error) {
      reporter.stop();
      failed(scope, error, plan);
      throw error;
    }
  });
}

function failed({ session, mode }: CommandScope, error: unknown, plan: GenerationPlan): void {
  if (!mode.json) return;
  const json = failureJson(error, {
    provider: session.name,
    model: plan.model.id,
    prompt: plan.request.prompt,
    seed: plan.seed,
    ratio: plan.ratio,
    duration: plan.duration,
  });
  if (json) printJson(json);
}
