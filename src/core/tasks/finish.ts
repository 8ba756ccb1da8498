/**
 * Finishing a job whose task exists: poll until it ends, then save every output. Used by
 * generate, watch, watch --pending, extend and batch, so resume behaves the same everywhere.
 */
import { existsSync } from 'node:fs';
import { access, stat, unlink } from 'node:fs/promises';
import { GenerationFailedError, InterruptedError, ModerationError, WaitTimeoutError } from '../errors.js';
import { acquireWaiting } from './lock-wait.js';
import { cannotSave, downloadArtifact } from '../download/download.js';
import { claimPart, isVariantOf, partPath } from '../download/publish.js';
import { fsReason } from '../files/fs-reason.js';
import { fetchTask } from './task-api.js';
import { waitForTask } from './wait.js';
import { defaultTemplate, renderName, resolveInside } from '../download/naming.js';
import { withExtension } from '../download/container.js';
import type { Session } from '../session/session.js';
import type { PlannedOutput, SavedFile, Settled } from '../journal/fold.js';
import type { TaskSnapshot, TaskState } from '../../providers/types.js';
import type { JobRef } from './job-ref.js';
import { learnPrice } from '../cost/learn.js';
import { bareTaskId } from './task-id.js';

export type { JobRef } from './job-ref.js';

export interface SavedOutput {
  url: string;
  file: string;
  bytes: number;
  sha256: string;
}

export interface TaskResult extends Settled {
  job: string;
  taskId: string;
  provider: string;
  model: string;
  status: TaskState;
  outputs: SavedOutput[];
  /** Credits the provider charged for the task, when it says (official API). */
  credits?: number | undefined;
  elapsedMs: number;
}

function failureError(task: TaskSnapshot): GenerationFailedError {
  const failure = task.failure ?? { message: 'The task failed', moderation: false };
  const text =
    `Task ${task.id} ${task.state === 'cancelled' ? 'was cancelled' : 'failed'}: ` +
    `${failure.message}${failure.code ? ` [${failure.code}]` : ''}`;
  const taskState = task.state === 'cancelled' ? 'cancelled' : 'failed';
  if (failure.moderation) {
    return new ModerationError(text, {
      taskId: task.id,
      taskState,
      failureCode: failure.code,
      hint: 'Content moderation rejected the input or output. Rephrase the prompt or change the image; retrying as-is will fail again.',
    });
  }
  return new GenerationFailedError(text, {
    taskId: task.id,
    taskState,
    failureCode: failure.code,
    hint: 'Most failures are transient: try generating again.',
  });
}

function planOutputs(ref: JobRef, task: TaskSnapshot): PlannedOutput[] {
  const { intent } = ref;
  const template = intent.template ?? defaultTemplate;
  const multiple = task.outputs.length > 1;
  return task.outputs.map((output, i) => {
    const name = renderName(
      template,
      {
        model: intent.model,
        task: bareTaskId(ref.taskId),
        seed: intent.seed,
        ratio: intent.ratio,
        duration: intent.duration,
        prompt: intent.prompt,
        index: intent.batchIndex ?? i + 1,
        output: i + 1,
        created: ref.createdAt,
        serverName: output.serverName,
      },
      multiple,
    );
    // An image's name says .png (other media what its URL says) until its bytes say which type it is.
    const guess = intent.artifact === 'image' ? 'png' : intent.artifact === 'media' ? urlExtension(output.url) : undefined;
    return { url: output.url, bytes: output.bytes, file: resolveInside(intent.outDir, guess ? withExtension(name, guess) : name) };
  });
}

/** The media extension a URL's path ends with, if any (a guess for the name shown while downloading). */
function urlExtension(url: string): string | undefined {
  try {
    return /\.(png|jpe?g|webp|mp4|mov|wav|mp3|ogg|m4a)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function removeIfEmpty(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.size === 0) await unlink(path).catch(() => undefined);
}

export async function saveOutputs(session: Session, ref: JobRef, task: TaskSnapshot): Promise<SavedOutput[]> {
  const previous = ref.outputs ?? [];
  const planned: (PlannedOutput & { saved?: SavedFile | undefined })[] = [];
  for (const [i, p] of planOutputs(ref, task).entries()) {
    const before = previous[i];
    // A file saved earlier but gone since is saved again where the user now asks (a new --out).
    const savedStill = before?.saved !== undefined && (!ref.replan || existsSync(before.saved.file));
    // Keep the earlier file name so a resumed download continues the same .part.
    if (before && (savedStill || !ref.replan || isVariantOf(before.file, p.file))) {
      planned.push({ ...p, file: before.file, saved: before.saved });
      continue;
    }
    if (before && existsSync(partPath(before.file))) {
      session.events({
        type: 'notice',
        message: `Saving to ${p.file} now; the partial download ${partPath(before.file)} stays behind (delete it when you like).`,
        job: ref.job,
      });
    }
    const file = await claimPart(p.file).catch((error: unknown) => {
      throw fsReason(error) ? cannotSave(p.file, error) : error;
    });
    planned.push({ ...p, file });
  }
  session.journal.append({
    type: 'succeeded',
    job: ref.job,
    at: new Date().toISOString(),
    outputs: planned.map(({ url, bytes, file }) => ({ url, bytes, file })),
    credits: chargedCredits(task),
  });
  const saved: SavedOutput[] = [];
  for (const [index, output] of planned.entries()) {
    const done = 'saved' in output ? output.saved : undefined;
    if (done && (await exists(done.file))) {
      saved.push({ url: output.url, ...done });
      continue;
    }
    try {
      const result = await downloadArtifact(
        { url: output.url, dest: output.file, expectedBytes: output.bytes },
        {
          http: session.http,
          clock: session.clock,
          signal: session.signal,
          anyType: ref.intent.artifact !== undefined,
          onStart: (p) =>
            session.events({
              type: 'download-start',
              taskId: ref.taskId,
              index,
              count: planned.length,
              file: output.file,
              total: p.total ?? output.bytes,
              resumedFrom: p.resumedFrom,
              job: ref.job,
            }),
          onProgress: (p) =>
            session.events({ type: 'download-progress', taskId: ref.taskId, index, bytes: p.bytes, total: p.total, job: ref.job }),
          onNotice: (message) => session.events({ type: 'notice', message, job: ref.job }),
          refreshUrl: async () => {
            const fresh = await fetchTask(session, ref.taskId);
            const url = fresh.outputs[index]?.url;
            if (!url) throw new GenerationFailedError(`Task ${ref.taskId} no longer lists output ${index + 1}.`, { taskId: ref.taskId });
            return url;
          },
        },
      );
      await session.journal.appendDurable({ type: 'downloaded', job: ref.job, at: new Date().toISOString(), index, ...result });
      session.events({ type: 'download-done', taskId: ref.taskId, index, file: result.file, bytes: result.bytes, job: ref.job });
      saved.push({ url: output.url, ...result });
    } catch (error) {
      if (!session.signal?.aborted) {
        session.journal.append({
          type: 'download-failed',
          job: ref.job,
          at: new Date().toISOString(),
          index,
          message: (error as Error).message,
        });
      }
      // A claimed .part that got no byte is only clutter; a resume makes it again.
      await removeIfEmpty(partPath(output.file));
      throw error;
    }
  }
  return saved;
}

/** Waits while another live runway process owns the job; then takes it over. */
async function takeOwnership(session: Session, ref: JobRef): Promise<JobRef> {
  const waited = await acquireWaiting(session, ref.job, {
    job: ref.job,
    notice: (pid) => `Task ${ref.taskId} is being finished by another runway process (pid ${pid}); waiting for it.`,
    gaveUp: () =>
      new WaitTimeoutError(`Gave up waiting for another runway process to finish task ${ref.taskId}.`, {
        taskId: ref.taskId,
        hint: `Try again later: runway watch ${ref.taskId}`,
      }),
  });
  // The other process may have got further (or finished): continue from what it recorded.
  const record = waited ? session.journal.find(ref.job) : undefined;
  return record ? { ...ref, outputs: record.outputs } : ref;
}

function chargedCredits(task: TaskSnapshot): number | undefined {
  return task.credits?.final ? task.credits.amount : undefined;
}

function resultOf(ref: JobRef, outputs: SavedOutput[], elapsedMs: number, credits: number | undefined): TaskResult {
  const { intent } = ref;
  return {
    job: ref.job,
    taskId: ref.taskId,
    provider: intent.provider,
    model: intent.model,
    status: 'succeeded',
    outputs,
    prompt: intent.prompt,
    seed: intent.seed,
    ratio: intent.ratio,
    duration: intent.duration,
    credits,
    elapsedMs,
  };
}

/** Polls, then downloads. Interruptions become exit 130 with the exact command to resume. */
export async function finishJob(session: Session, ref: JobRef): Promise<TaskResult> {
  const started = session.clock.now();
  try {
    ref = await takeOwnership(session, ref);
    const done = ref.outputs ?? [];
    if (done.length > 0 && done.every((o) => o.saved)) {
      const files = await Promise.all(done.map((o) => exists(o.saved?.file as string)));
      if (files.every(Boolean))
        return resultOf(
          ref,
          done.map((o) => ({ url: o.url, ...(o.saved as SavedFile) })),
          0,
          undefined,
        );
    }
    const task = await waitForTask(session, ref);
    if (task.state === 'failed' || task.state === 'cancelled') {
      const failure = task.failure ?? { message: 'The task failed', moderation: false };
      session.journal.append({
        type: 'failed',
        job: ref.job,
        at: new Date().toISOString(),
        state: task.state,
        message: failure.message,
        code: failure.code,
        moderation: failure.moderation,
        credits: chargedCredits(task),
      });
      throw failureError(task);
    }
    const charged = chargedCredits(task);
    if (charged !== undefined) learnPrice(session, ref.intent, { credits: charged, taskId: ref.taskId, from: 'cost' }, ref.job);
    const outputs = await saveOutputs(session, ref, task);
    return resultOf(ref, outputs, session.clock.now() - started, charged);
  } catch (error) {
    if (session.signal?.aborted) {
      throw new InterruptedError(`Interrupted. Task ${ref.taskId} is recorded in the journal; nothing is lost.`, {
        taskId: ref.taskId,
        hint: `Resume with: runway watch ${ref.taskId}   (or \`runway watch --pending\` for every unfinished task)`,
      });
    }
    throw error;
  } finally {
    session.locks.release(ref.job);
  }
}
