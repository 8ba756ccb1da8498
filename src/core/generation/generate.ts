/** A whole generation: inputs to URIs (inline or upload), create, then wait and save. */
import { dataUriOf, inspectLocalFile, type LocalFile } from '../inputs/media.js';
import { resolveTaskInput } from '../inputs/task-input.js';
import { UsageError } from '../errors.js';
import { uploadFile } from '../inputs/upload.js';
import { createTask, newJobId, type CreatedJob } from '../tasks/create.js';
import { finishJob, type TaskResult } from '../tasks/finish.js';
import { checkOutDir } from '../download/out-dir.js';
import { assemble, mediaEntries, sendsInline, uploadLimit, type GenerationPlan, type MediaRole } from './plan.js';
import { describeMedia } from '../../providers/media-ref.js';
import { replaceAt } from '../../providers/official/run/slots.js';
import type { Session } from '../session/session.js';
import { createWithin, settleHeld } from '../cost/within-budget.js';
import type { CreditLedger } from '../cost/ledger.js';
import type { JobIntent } from '../journal/fold.js';
import type { PreparedGeneration } from '../../providers/types.js';

export interface RunOptions {
  wait: boolean;
  outDir: string;
  template?: string | undefined;
  command: string[];
  batchKey?: string | undefined;
  /** 1-based position in a batch: what {index} means in an output template. */
  batchIndex?: number | undefined;
  job?: string | undefined;
  /** For `runway extend`: the earlier task and its video. */
  extend?: { taskId: string; videoUrl: string } | undefined;
  /** Told the moment the task exists and is journaled, before anything else is done with it. */
  onCreated?: ((created: CreatedJob) => void) | undefined;
  /** --max-credits, held across every task of the run. */
  ledger?: CreditLedger | undefined;
}

/** The journal's description of the job: how the user named things, never file contents. */
export function intentOf(session: Session, plan: GenerationPlan, options: RunOptions): JobIntent {
  const inputs: Record<string, string> = {};
  for (const { role, ref } of mediaEntries(plan.request)) inputs[role] = describeMedia(ref);
  const extras = Object.fromEntries(Object.entries(plan.request.extras).filter(([, v]) => v !== undefined));
  return {
    provider: session.name,
    baseUrl: session.recordedBaseUrl,
    protocol: session.provider.preset.protocol,
    model: plan.model.id,
    prompt: plan.request.prompt,
    inputs,
    ratio: plan.ratio,
    duration: plan.duration,
    seed: plan.seed,
    extras,
    extendTaskId: options.extend?.taskId ?? plan.request.extendTaskId,
    artifact:
      plan.model.output ??
      (plan.request.extras.outputFormat !== undefined && plan.request.extras.outputFormat !== 'mp4' ? 'media' : undefined),
    outDir: options.outDir,
    template: options.template,
    command: options.command,
    batchKey: options.batchKey,
    ...(options.batchIndex !== undefined ? { batchIndex: options.batchIndex } : {}),
    ...runIntent(plan.request.run),
  };
}

/** A run's endpoint and body, each media input as the user named it (never a data URI's bytes). */
function runIntent(run: GenerationPlan['request']['run']): Pick<JobIntent, 'endpoint' | 'fields'> {
  if (!run) return {};
  const named = new Map(run.media.map(({ path, ref }) => [path.join('.'), describeMedia(ref)]));
  return { endpoint: run.endpoint, fields: replaceAt(run.body, named) };
}

/** A local file's URI: inline where the protocol takes it so, else uploaded. */
async function fileUri(session: Session, role: MediaRole, file: LocalFile, job: string | undefined): Promise<string> {
  return sendsInline(session.provider.adapter, role, file) ? dataUriOf(file) : uploadFile(session, file, job);
}

/** Turns every media input into a URI the protocol accepts, uploading local files as needed. */
export async function prepareMedia(
  session: Session,
  plan: GenerationPlan,
  options: Pick<RunOptions, 'extend' | 'job' | 'outDir' | 'command'>,
): Promise<PreparedGeneration> {
  const uris: Partial<Record<MediaRole, string>> = {};
  for (const { role, ref, flag, kind } of mediaEntries(plan.request)) {
    if (ref.kind === 'url') uris[role] = ref.url;
    else if (ref.kind === 'data') uris[role] = ref.uri;
    else if (ref.kind === 'runway') uris[role] = ref.uri;
    else if (ref.kind === 'file') {
      const file = plan.files[role];
      if (!file) throw new Error(`internal: ${role} was not inspected`);
      uris[role] = await fileUri(session, role, file, options.job);
    } else if (ref.kind === 'frame') {
      throw new Error(`internal: ${role} is ${describeMedia(ref)}, which was never cut`);
    } else if (ref.kind === 'task') {
      const input = await resolveTaskInput(session, ref.taskId, { outDir: options.outDir, command: options.command, flag, kind });
      uris[role] =
        'url' in input
          ? input.url
          : await fileUri(session, role, await inspectLocalFile(input.file, kind, flag, uploadLimit(session.provider)), options.job);
    }
  }
  return assemble(plan, uris, options.extend ?? (await extendInput(session, plan, options)), session.provider.preset.quirks);
}

/** A native extension's earlier task and a fresh URL of its video (the provider's own storage). */
async function extendInput(
  session: Session,
  plan: GenerationPlan,
  options: Pick<RunOptions, 'outDir' | 'command'>,
): Promise<PreparedGeneration['extend']> {
  const taskId = plan.request.extendTaskId;
  if (taskId === undefined) return undefined;
  const input = await resolveTaskInput(session, taskId, {
    outDir: options.outDir,
    command: options.command,
    flag: 'extend',
    kind: 'video',
  });
  if (!('url' in input))
    throw new UsageError(`Task ${taskId} is no longer on ${session.name}, and a native extend needs it there.`, {
      hint: 'Extend the saved file instead: `runway extend <file>` continues it from its last frame.',
    });
  return { taskId, videoUrl: input.url };
}

export type GenerationOutcome = { created: CreatedJob; result?: TaskResult };

/** Creates the task and, unless told not to wait, finishes it. */
export async function runGeneration(session: Session, plan: GenerationPlan, options: RunOptions): Promise<GenerationOutcome> {
  session.requireKey();
  await checkOutDir(options.outDir);
  const job = options.job ?? newJobId();
  const prepared = await prepareMedia(session, plan, { ...options, job });
  const create = () => createTask(session, intentOf(session, plan, options), prepared, job);
  const { ledger } = options;
  const { created, held } = ledger ? await createWithin(session, ledger, plan, create) : { created: await create(), held: 0 };
  options.onCreated?.(created);
  if (!options.wait) {
    session.locks.release(job);
    return { created };
  }
  try {
    const result = await finishJob(session, { ...created, fresh: true });
    if (ledger) settleHeld(ledger, held, { charged: result.credits });
    return { created, result };
  } catch (error) {
    if (ledger) settleHeld(ledger, held, { error });
    throw error;
  }
}
