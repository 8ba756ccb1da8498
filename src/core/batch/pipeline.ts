/**
 * A generation and the steps after it (`runway gen4.5 … --then upscale:4k --then frame-rate:60`):
 * each step a journaled job keyed by the pipeline's identity and its place, fed the task of the
 * step before as `task:<id>` (its fresh output URL: nothing downloaded and uploaded again). They
 * run as a batch of one line each, so the same command run again resumes where it stopped and
 * never creates a step twice.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { unlink } from 'node:fs/promises';
import { runBatch, verdict, type BatchHooks, type BatchJob, type BatchResult } from './run.js';
import { mediaEntries, planGeneration, type GenerationPlan } from '../generation/plan.js';
import { describeMedia } from '../../providers/media-ref.js';
import { UsageError } from '../errors.js';
import { knownProviders } from '../session/session.js';
import { toolCommand, toolCommands } from '../../providers/official/tools.js';
import type { GenerationRequest } from '../../providers/validate.js';
import type { Session } from '../session/session.js';

export interface PipelineStep {
  plan: GenerationPlan;
  /** How the step is named in progress lines (gen4.5, upscale:4k). */
  label: string;
  /** This step's output name, where it differs from the run's. */
  template?: string | undefined;
}

/** The plan of a step once the step before has made its result (a task, saved files). */
export type Feed = (plan: GenerationPlan, before: BatchResult, step: number) => Promise<GenerationPlan>;

export interface PipelineRun {
  /** The pipeline's identity: the same command on the same provider into the same folder. */
  key: string;
  outDir: string;
  template?: string | undefined;
  /** Delete the steps' files once the last one is saved. */
  onlyFinal: boolean;
  /** How a step is fed the result of the one before (default: its task as the `video` input). */
  feed?: Feed | undefined;
  /** Stop at the last step when it is saved already, without looking at the others (default true). */
  lastDecides?: boolean;
}

/**
 * Identity of a pipeline: the provider, where it saves, and what each step asks for as the user
 * gave it (a seed drawn at random is not part of it, so running the command again resumes it;
 * display flags such as --json or -q are not either).
 */
export function pipelineKey(
  session: Session,
  steps: readonly PipelineStep[],
  out: { outDir: string; template?: string | undefined },
  subject = '',
): string {
  const asked = steps.map(({ plan: { model, request } }) => ({
    model: model.id,
    prompt: request.prompt,
    inputs: mediaEntries(request).map(({ role, ref }) => [
      role,
      ref.kind === 'task' && ref.step !== undefined ? `step ${ref.step}` : describeMedia(ref),
    ]),
    ratio: request.ratio,
    duration: request.duration,
    seed: request.seed,
    extras: request.extras,
  }));
  const identity = JSON.stringify([session.name, session.recordedBaseUrl, resolve(out.outDir), out.template ?? '', subject, asked]);
  return `pipeline:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
}

/**
 * `--then upscale:4k`: the steps after a generation, each planned (and so checked) before
 * anything is sent. A step keeps the length of what it is fed, for its estimate.
 */
export async function planSteps(session: Session, first: PipelineStep, thens: readonly string[]): Promise<PipelineStep[]> {
  const steps: PipelineStep[] = [first];
  for (const [i, then] of thens.entries()) {
    const m = /^([a-z-]+)(?::(.+))?$/.exec(then.trim());
    const tool = m ? toolCommand(m[1] as string) : undefined;
    if (!m || !tool?.takesVideo) {
      const known = toolCommands.filter((t) => t.takesVideo).map((t) => `${t.name}${t.stepField ? `[:<${t.stepField}>]` : ''}`);
      throw new UsageError(
        `--then "${then}" is not a step after a video; steps: ${known.join(', ')} (e.g. --then upscale:4k --then frame-rate:60).`,
      );
    }
    const extras = m[2] !== undefined && tool.stepField ? { [tool.stepField]: m[2] } : {};
    const request: GenerationRequest = { video: { kind: 'task', taskId: `step-${i + 1}`, step: i + 1 }, extras };
    const plan = await planGeneration(session.provider, undefined, request, knownProviders(session.config), tool);
    const before = (steps[i] as PipelineStep).plan;
    steps.push({ plan: plan.model.lengthFromInput ? { ...plan, duration: before.duration } : plan, label: then.trim() });
  }
  return steps;
}

/** The plan of a step, fed the task the step before made as its video. */
const fedBy: Feed = async (plan, before, step) => ({
  ...plan,
  request: { ...plan.request, video: { kind: 'task', taskId: before.taskId as string, step } },
});

/** Runs the steps in order; stops at the first that does not succeed. Each result is reported as it settles. */
export async function runPipeline(
  session: Session,
  steps: readonly PipelineStep[],
  run: PipelineRun,
  hooks: BatchHooks,
): Promise<BatchResult[]> {
  const jobOf = (i: number, plan: GenerationPlan): BatchJob => {
    const key = `${run.key}:${i + 1}`;
    return {
      spec: {
        line: i + 1,
        index: i + 1,
        id: `step ${i + 1} (${steps[i]?.label})`,
        label: steps[i]?.label,
        key,
        model: plan.model.id,
        options: {},
      },
      session,
      plan,
      outDir: run.outDir,
      template: steps[i]?.template ?? run.template,
      previous: session.journal.latestForKey(key),
    };
  };
  const settled = (job: BatchJob) => {
    const decided = verdict(job, {});
    return typeof decided === 'object' && 'settled' in decided && decided.settled.state === 'succeeded' ? decided.settled : undefined;
  };
  // A pipeline whose last step is saved is done: the steps before are not looked at (--only-final may have removed their files).
  const lastStep = steps.length - 1;
  const last = lastStep > 0 && run.lastDecides !== false ? settled(jobOf(lastStep, (steps[lastStep] as PipelineStep).plan)) : undefined;
  if (last) return [last];

  const feed = run.feed ?? fedBy;
  const results: BatchResult[] = [];
  let before: BatchResult | undefined;
  for (const [i, step] of steps.entries()) {
    // A step done earlier needs no feeding (a chained step would cut a frame for nothing).
    const done = settled(jobOf(i, step.plan));
    const result = done ?? (await runBatch([jobOf(i, before ? await feed(step.plan, before, i) : step.plan)], 1, hooks))[0];
    if (!result) break;
    if (done) hooks.onDone?.(done);
    results.push(result);
    if (result.state !== 'succeeded' || result.taskId === undefined) break;
    before = result;
  }
  if (run.onlyFinal && results.length === steps.length && results.every((r) => r.state === 'succeeded')) {
    for (const result of results.slice(0, -1))
      for (const file of result.files) if (existsSync(file.file)) await unlink(file.file).catch(() => undefined);
  }
  return results;
}
