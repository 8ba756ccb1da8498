/**
 * What kind of media an input is (image, video, audio), checked before anything is paid for: a
 * local file by its bytes (media.ts), a `task:<id>` by what that task made — from the journal
 * (its model, its artifact, the file saved from it), else from one status query (its output's
 * name). One check for every command that takes media, so a picture never goes where a clip is
 * expected and the API is never paid to refuse it.
 */
import { open } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { sniffMime } from '../../providers/media-ref.js';
import { officialToolModels } from '../../providers/official/models.js';
import { findModel } from '../models/models.js';
import { fetchTask } from '../tasks/task-api.js';
import { mediaEntries, type GenerationPlan } from '../generation/plan.js';
import type { MediaKind } from './media.js';
import type { Session } from '../session/session.js';
import type { JobRecord } from '../journal/fold.js';

export type ContentKind = 'image' | 'video' | 'audio';

const kindWords: Record<MediaKind, string> = { image: 'an image', video: 'a video', audio: 'audio', any: 'an image or a video' };

/** The kind a MIME type is, if it is media at all. */
export function kindOfMime(mime: string | undefined): ContentKind | undefined {
  const top = mime?.split('/')[0];
  return top === 'image' || top === 'video' || top === 'audio' ? top : undefined;
}

/** The kind a URL's path names (.mp4, .png…): outputs are served under their type's extension. */
export function kindOfUrl(url: string): ContentKind | undefined {
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    return undefined;
  }
  if (/\.(png|jpe?g|webp|gif|exr)$/.test(path)) return 'image';
  if (/\.(mp4|mov|webm|m4v)$/.test(path)) return 'video';
  if (/\.(wav|mp3|ogg|m4a|aac|flac)$/.test(path)) return 'audio';
  return undefined;
}

/** The kind a file's first bytes show. */
export async function kindOfFile(path: string): Promise<ContentKind | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(32);
      await handle.read(head, 0, 32, 0);
      return kindOfMime(sniffMime(head));
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** What a journaled job made, as far as the journal tells: a file saved from it, else its model. */
async function kindOfRecord(session: Session, record: JobRecord): Promise<ContentKind | undefined> {
  const saved = record.outputs.find((o) => o.saved)?.saved?.file;
  const fromFile = saved !== undefined ? await kindOfFile(saved) : undefined;
  if (fromFile) return fromFile;
  if (record.intent.artifact === 'image') return 'image';
  const model = findModel([...session.provider.catalog, ...officialToolModels], record.intent.model);
  if (model?.output === 'image') return 'image';
  if (model && !record.intent.adopted) return record.intent.artifact === 'media' ? undefined : 'video';
  const url = record.outputs[0]?.url;
  return url !== undefined ? kindOfUrl(url) : undefined;
}

/**
 * What task `taskId` made, or undefined when nothing tells yet (a task still running, a provider
 * whose URLs carry no extension): then it is checked again once the task is finished (task-input.ts).
 * A task that failed or was cancelled has nothing to give: that is a usage error here.
 */
export async function kindOfTask(session: Session, taskId: string, flag: string, query = true): Promise<ContentKind | undefined> {
  const record = session.journal.findByTask(taskId);
  if (record) {
    if (record.phase === 'failed' || record.phase === 'cancelled') throw noOutput(taskId, flag, record.phase);
    const known = await kindOfRecord(session, record);
    if (known) return known;
  }
  if (!query) return undefined;
  const task = await fetchTask(session, taskId);
  if (task.state === 'failed' || task.state === 'cancelled') throw noOutput(taskId, flag, task.state);
  const url = task.outputs[0]?.url;
  return url !== undefined ? kindOfUrl(url) : undefined;
}

function noOutput(taskId: string, flag: string, state: 'failed' | 'cancelled'): UsageError {
  return new UsageError(
    `${flag} task:${taskId}: that task ${state === 'cancelled' ? 'was cancelled' : 'failed'}, so it has no output to use.`,
    {
      hint: '`runway status <id>` shows why; use another task, or a file.',
    },
  );
}

/** Whether a `kind` of content may go where `expected` is asked for. */
export function fits(expected: MediaKind, kind: ContentKind): boolean {
  return expected === 'any' ? kind === 'image' || kind === 'video' : kind === expected;
}

/** The refusal when an input's content is not the kind its place takes. */
export function wrongKind(flag: string, what: string, expected: MediaKind, kind: ContentKind): UsageError {
  return new UsageError(`${flag} ${what} is ${kindWords[kind]}, but ${flag} takes ${kindWords[expected]}. Nothing was sent.`);
}

/**
 * Every `task:` input of a plan is of the kind its place takes (local files were checked when
 * planned). Run before anything is sent: at most one status query per task the journal cannot tell
 * (none with `query: false`, for a dry run, which sends nothing).
 */
export async function checkTaskInputs(session: Session, plan: GenerationPlan, query = true): Promise<void> {
  for (const { ref, flag, kind: expected } of mediaEntries(plan.request)) {
    if (ref.kind !== 'task' || ref.step !== undefined) continue;
    const kind = await kindOfTask(session, ref.taskId, flag, query);
    if (kind && !fits(expected, kind)) throw wrongKind(flag, `task:${ref.taskId}`, expected, kind);
  }
}
