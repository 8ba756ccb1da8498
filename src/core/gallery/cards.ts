/**
 * Jobs as cards: from the journal (everything it knows) or from a batch report (what a CI
 * artifact carries). A file is linked relative to the page (or copied beside it with
 * --copy-media); one that is gone is said to be missing, and the rest renders.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import { makeDirs } from '../files/make-dirs.js';
import { reproduceCommand } from './reproduce.js';
import type { JobRecord } from '../journal/fold.js';
import type { ReportJob } from '../report/report.js';
import type { CardMedia, CardState, GalleryCard } from './card.js';

const kinds: Record<string, CardMedia['kind']> = {
  '.mp4': 'video',
  '.mov': 'video',
  '.webm': 'video',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.webp': 'image',
  '.gif': 'image',
  '.wav': 'audio',
  '.mp3': 'audio',
  '.ogg': 'audio',
  '.m4a': 'audio',
};

export const kindOf = (file: string): CardMedia['kind'] => kinds[extname(file).toLowerCase()] ?? 'other';

/** A path as a link from the page's folder: relative, each segment URL-encoded. */
export function hrefFrom(pageDir: string, file: string): string {
  return relative(pageDir, file).split(sep).map(encodeURIComponent).join('/');
}

export interface CardPlace {
  pageDir: string;
  /** Copy each file into `<pageDir>/media/` (a self-contained artifact) instead of linking it where it is. */
  copyMedia: boolean;
}

function mediaOf(file: string, sha256: string | undefined, place: CardPlace): CardMedia {
  const present = existsSync(file) && statSync(file).isFile();
  let target = file;
  if (present && place.copyMedia) {
    const dir = join(place.pageDir, 'media');
    makeDirs(dir);
    // Named by content where it is known: the same clip twice is one file, and two clips with one name are two.
    target = join(dir, `${sha256 ? `${sha256.slice(0, 16)}-` : ''}${basename(file)}`);
    if (!existsSync(target)) copyFileSync(file, target);
  }
  return {
    href: present ? hrefFrom(place.pageDir, target) : null,
    name: basename(file),
    kind: kindOf(file),
    poster: null,
    ...(sha256 !== undefined ? { sha256 } : {}),
  };
}

const failureKind = (record: Pick<JobRecord, 'failure' | 'phase'>): string =>
  record.failure?.moderation ? 'moderation' : (record.failure?.state ?? record.phase);

function stateOf(phase: JobRecord['phase']): CardState {
  if (phase === 'downloaded') return 'succeeded';
  return phase === 'succeeded' ? 'saving' : phase;
}

/** A story's shots and an extension's steps were made by one command: they are one group. */
function groupOf(record: JobRecord): string | null {
  const key = record.intent.batchKey;
  if (key?.startsWith('story:') || key?.startsWith('pipeline:') || key?.startsWith('extend:') || record.intent.command[0] === 'extend')
    return `${record.intent.command.slice(0, 2).join(' ')}`;
  return null;
}

export function cardFromRecord(record: JobRecord, place: CardPlace): GalleryCard {
  const { intent } = record;
  const media = record.outputs.map((o) => mediaOf(o.saved?.file ?? o.file, o.saved?.sha256, place));
  const inputs = Object.entries(intent.inputs).map(([role, named]) => {
    const file = isAbsolute(named) && existsSync(named) && kindOf(named) === 'image' ? named : undefined;
    return { label: `${role}: ${named}`, href: file ? mediaOf(file, undefined, place).href : null };
  });
  const failed = record.phase === 'failed' || record.phase === 'cancelled' || record.phase === 'unknown' || record.phase === 'not-created';
  return {
    job: record.job,
    taskId: record.taskId ?? null,
    state: stateOf(record.phase),
    model: intent.model,
    provider: intent.provider,
    prompt: intent.prompt ?? null,
    ratio: intent.ratio ?? null,
    duration: intent.duration ?? null,
    seed: intent.seed ?? null,
    credits: record.credits ?? record.estimate ?? null,
    creditsFinal: record.credits !== undefined,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    media,
    inputs,
    failure: failed ? { kind: failureKind(record), message: record.failure?.message ?? record.createError ?? record.phase } : null,
    group: groupOf(record),
    batch: intent.batchKey !== undefined && intent.command[0] === 'batch' ? (intent.command[1] ?? null) : null,
    command: reproduceCommand(intent),
  };
}

const reportStates: Record<string, CardState> = {
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  moderated: 'failed',
  timeout: 'running',
  interrupted: 'running',
  'download-failed': 'saving',
};

/** A report's job, where no journal knows it (a CI artifact looked at elsewhere). */
export function cardFromReport(job: ReportJob, batch: string | null, place: CardPlace): GalleryCard {
  const state = reportStates[job.state] ?? 'unknown';
  const moderation = job.state === 'moderated';
  return {
    job: job.key,
    taskId: job.taskId,
    state,
    model: job.model,
    provider: job.provider,
    prompt: job.prompt,
    ratio: null,
    duration: null,
    seed: job.seed,
    credits: job.credits,
    creditsFinal: job.credits !== null,
    createdAt: '',
    updatedAt: '',
    media: job.files.map((f) => mediaOf(f.file, f.sha256, place)),
    inputs: [],
    failure: job.error ? { kind: moderation ? 'moderation' : job.state, message: job.error.message } : null,
    group: null,
    batch,
    command: `runway generate --model ${job.model}${job.prompt ? ` --prompt '${job.prompt.replace(/'/g, `'\\''`)}'` : ''}${job.seed !== null ? ` --seed ${job.seed}` : ''}`,
  };
}
