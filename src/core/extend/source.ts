/**
 * What `runway extend` continues: an earlier task (by id) or a video file. A task's clip is
 * needed on disk for joining and for cutting its last frame: the file saved here from it when
 * there is one, else the task is finished (or adopted) and its video saved like any other.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { UsageError } from '../errors.js';
import { checkWholeVideo, inspectLocalFile } from '../inputs/media.js';
import { kindOfTask, wrongKind } from '../inputs/input-kind.js';
import { adoptTask, refFromRecord } from '../tasks/adopt.js';
import { finishJob } from '../tasks/finish.js';
import type { Session } from '../session/session.js';

export interface ExtendSource {
  /** The earlier task, when the source is one. */
  taskId?: string | undefined;
  /** The clip on disk, once known. */
  file?: string | undefined;
  /** The model that made it, when the journal says. */
  model?: string | undefined;
  /** The name the extensions are named after (`<stem>-ext1.mp4`, `<stem>-extended.mp4`). */
  stem: string;
}

const stemOf = (file: string) => basename(file, extname(file)).replace(/[{}]/g, '_');

/** Named like a file (a folder in it, a media extension): never taken for a task id when it does not exist. */
const looksLikePath = (given: string) =>
  /[/\\]/.test(given) || given.startsWith('.') || given.startsWith('~') || /\.(mp4|mov|m4v|webm|mkv|avi|png|jpe?g|webp|gif)$/i.test(given);

/** A whole video file (checked by its bytes), or a task id (journal-known or not); no request is made. */
export async function extendSource(session: Session, given: string): Promise<ExtendSource> {
  if (existsSync(given)) {
    if (statSync(given).isDirectory()) throw new UsageError(`extend ${given}: that is a directory; give a video file or a task id.`);
    await checkWholeVideo(await inspectLocalFile(given, 'video', 'extend', Infinity), 'extend');
    return { file: given, stem: stemOf(given) };
  }
  if (looksLikePath(given))
    throw new UsageError(`extend ${given}: no such file.`, {
      hint: 'Give a video file that exists, or a task id (`runway list` shows the ids of the tasks made here). Nothing was sent.',
    });
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(given))
    throw new UsageError(`${given} is neither a video file nor a task id.`, {
      hint: '`runway list` shows the ids of the tasks made here.',
    });
  const record = session.journal.findByTask(given);
  const saved = record?.outputs[0]?.saved?.file;
  const file = saved !== undefined && existsSync(saved) ? saved : undefined;
  return { taskId: given, file, model: record?.intent.model, stem: file ? stemOf(file) : `task-${given.slice(0, 8)}` };
}

/**
 * A task source made a video: by the journal, else by one status query (none when `query` is
 * false, for a dry run). Checked once the request is planned, before anything is sent.
 */
export async function checkSourceKind(session: Session, source: ExtendSource, query: boolean): Promise<void> {
  if (source.taskId === undefined || source.file !== undefined) return;
  const kind = await kindOfTask(session, source.taskId, 'extend', query);
  if (kind && kind !== 'video') throw wrongKind('extend', `task:${source.taskId}`, 'video', kind);
}

/** The source clip on disk: saved here already, or finished and saved now. */
export async function sourceFile(session: Session, source: ExtendSource, out: { outDir: string; command: string[] }): Promise<string> {
  if (source.file) return source.file;
  const taskId = source.taskId as string;
  const record = session.journal.findByTask(taskId);
  const ref = record?.taskId ? refFromRecord(record) : await adoptTask(session, taskId, { outDir: out.outDir }, out.command);
  const result = await finishJob(session, ref);
  const file = result.outputs[0]?.file;
  if (!file) throw new UsageError(`Task ${taskId} has no video to continue.`);
  return file;
}
