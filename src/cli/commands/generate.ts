/** `runway generate` and the model shortcuts (gen4, gen3, …). */
import { planGeneration, type GenerationPlan } from '../../core/generation/plan.js';
import { runGeneration } from '../../core/generation/generate.js';
import { knownProviders, type Session } from '../../core/session/session.js';
import { checkTemplate } from '../../core/download/naming.js';
import { dryRun } from '../../core/generation/dry-run.js';
import { writeInfoJson } from '../../core/generation/info-json.js';
import { expandHome } from '../../core/paths.js';
import { requestFromOptions } from '../request.js';
import { withSession } from '../with-session.js';
import { dryRunWithBudget } from '../render/dry-run.js';
import { printJson, printLine, printResult } from '../render/output.js';
import { failureJson } from '../render/failure.js';
import type { HandlerContext } from '../program.js';
import type { GenerationFlags, WaitFlags } from '../flags.js';

export function outputSettings(session: Session, options: WaitFlags): { outDir: string; template?: string } {
  const outDir = expandHome(options.out ?? (session.config.setting('out-dir') as string | undefined) ?? process.cwd());
  const template = options.output ?? (session.config.setting('output') as string | undefined);
  if (template !== undefined) checkTemplate(template);
  return { outDir, ...(template !== undefined ? { template } : {}) };
}

export async function run({ options, preset, argv }: HandlerContext<GenerationFlags>): Promise<number> {
  const modelName = (preset.model as string | undefined) ?? (options.model as string);
  const request = await requestFromOptions(options);
  return withSession(options, async ({ session, reporter, mode }) => {
    const plan: GenerationPlan = await planGeneration(session.provider, modelName, request, knownProviders(session.config));
    const out = outputSettings(session, options);
    if (options.dryRun || options.maxCredits !== undefined) {
      const preview = dryRun(session, plan);
      dryRunWithBudget([preview], { dryRun: options.dryRun === true, maxCredits: options.maxCredits, json: mode.json });
      if (options.dryRun) return 0;
    }
    for (const warning of plan.warnings) reporter.sink({ type: 'warning', message: warning });
    const startedAt = new Date();
    try {
      const outcome = await runGeneration(session, plan, { wait: options.wait !== false, command: argv.slice(2), ...out });
      reporter.stop();
      if (!outcome.result) {
        if (mode.json) printJson({ taskId: outcome.created.taskId, provider: session.name, model: plan.model.id, status: 'pending', outputs: [], prompt: plan.request.prompt ?? null, seed: plan.seed ?? null, ratio: plan.ratio ?? null, duration: plan.duration ?? null, credits: null });
        else printLine(outcome.created.taskId);
        return 0;
      }
      if (options.writeInfoJson) await writeInfoJson(outcome.result, outcome.created.intent, { createdAt: startedAt, finishedAt: new Date() });
      printResult(outcome.result, mode.json);
      return 0;
    } catch (error) {
      reporter.stop();
      if (mode.json) {
        const json = failureJson(error, { provider: session.name, model: plan.model.id, prompt: plan.request.prompt, seed: plan.seed, ratio: plan.ratio, duration: plan.duration });
        if (json) printJson(json);
      }
      throw error;
    }
  });
}
