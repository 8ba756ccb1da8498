/**
 * `task:<id>` media inputs: the output of an earlier task, passed on without downloading and
 * uploading it again. A task still running is finished first (journaled, its file saved like any
 * other: `runway upscale task:$(runway gen4.5 … --no-wait)`); a finished one is asked for a fresh
 * output URL; when the provider no longer has it, the file saved here from it is sent instead.
 */
import { mapMediaRefs } from '../generation/plan.js';
import { existsSync } from 'node:fs';
import { ApiError, UsageError } from '../errors.js';
import { adoptTask, refFromRecord } from '../tasks/adopt.js';
import { finishJob } from '../tasks/finish.js';
import { fetchTask } from '../tasks/task-api.js';
import type { Session } from '../session/session.js';
import type { TaskSnapshot } from '../../providers/types.js';
import type { MediaRef } from '../../providers/media-ref.js';
import type { GenerationRequest } from '../../providers/validate.js';
import type { MediaKind } from './media.js';
import { fits, kindOfFile, kindOfUrl, wrongKind } from './input-kind.js';

export type TaskInput = { url: string } | { file: string };

export interface TaskInputOptions {
  /** Where a task this machine never saw is saved when it has to be finished first. */
  outDir: string;
  command: string[];
  /** How the input is named in messages (--video, --image…). */
  flag: string;
  /** What its place takes: a task that made something else is refused before anything is paid for. */
  kind: MediaKind;
}

/** The file saved here from the task's first output, if it is still on disk. */
function savedFile(session: Session, taskId: string): string | undefined {
  const file = session.journal.findByTask(taskId)?.outputs[0]?.saved?.file;
  return file !== undefined && existsSync(file) ? file : undefined;
}

export async function resolveTaskInput(session: Session, taskId: string, options: TaskInputOptions): Promise<TaskInput> {
  const input = await taskInput(session, taskId, options);
  const kind = 'url' in input ? kindOfUrl(input.url) : await kindOfFile(input.file);
  if (kind && !fits(options.kind, kind)) throw wrongKind(options.flag, `task:${taskId}`, options.kind, kind);
  return input;
}

async function taskInput(session: Session, taskId: string, options: TaskInputOptions): Promise<TaskInput> {
  let task: TaskSnapshot;
  try {
    task = await fetchTask(session, taskId);
  } catch (error) {
    const saved = error instanceof ApiError && error.status === 404 ? savedFile(session, taskId) : undefined;
    if (saved) return { file: saved };
    throw error;
  }
  if (task.state === 'pending' || task.state === 'running') {
    const record = session.journal.findByTask(taskId);
    const ref = record?.taskId ? refFromRecord(record) : await adoptTask(session, taskId, { outDir: options.outDir }, options.command);
    const result = await finishJob(session, ref);
    const url = result.outputs[0]?.url;
    if (url) return { url };
    task = await fetchTask(session, taskId);
  }
  if (task.state !== 'succeeded') {
    throw new UsageError(
      `${options.flag} task:${taskId}: that task ${task.state === 'cancelled' ? 'was cancelled' : 'failed'}, so it has no output to use.`,
      {
        hint: '`runway status <id>` shows why; use another task, or a file.',
      },
    );
  }
  const url = task.outputs[0]?.url;
  if (url) return { url };
  const saved = savedFile(session, taskId);
  if (saved) return { file: saved };
  throw new UsageError(
    `${options.flag} task:${taskId}: the provider lists no output for that task any more, and no file from it is saved here.`,
  );
}

/**
 * A bare task id where a file was expected (`--image 8f2c…`): the output of that task, when no
 * such file exists and the journal here knows the task.
 */
export function recognizeTaskIds(session: Session, request: GenerationRequest): GenerationRequest {
  return mapMediaRefs(request, (ref) => taskRefOf(session, ref));
}

/** A bare task id given where a file goes, that names no file here but a task of the journal, is that task. */
export function taskRefOf(session: Session, ref: MediaRef): MediaRef {
  if (ref.kind !== 'file' || !/^[A-Za-z0-9][A-Za-z0-9._:-]{7,199}$/.test(ref.path) || existsSync(ref.path)) return ref;
  return session.journal.findByTask(ref.path)?.taskId === ref.path ? { kind: 'task', taskId: ref.path } : ref;
}
