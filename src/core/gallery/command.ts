/**
 * `runway gallery`: the jobs asked for (the journal's, a batch's, or those of batch reports),
 * filtered, as cards with their posters, written as one page. The output folder is checked
 * before any work.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { makeDirs } from '../files/make-dirs.js';
import { fsReason } from '../files/fs-reason.js';
import { ReportFile } from '../report/report-file.js';
import { batchKeys } from '../journal/state-command.js';
import { cardFromRecord, cardFromReport, type CardPlace } from './cards.js';
import { addPosters } from './posters.js';
import { writePage } from './page.js';
import type { Journal } from '../journal/journal.js';
import type { GalleryCard } from './card.js';

export interface GalleryAsk {
  /** The folder the page is written into. */
  out: string;
  /** A batch file whose jobs are shown. */
  batch?: string | undefined;
  /** The job keys to show (a batch that is running writes its gallery as it goes). */
  keys?: { has(key: string): boolean } | undefined;
  reports: readonly string[];
  since?: Date | undefined;
  states: readonly string[];
  models: readonly string[];
  copyMedia: boolean;
  title?: string | undefined;
}

export interface GalleryOutcome {
  page: string;
  cards: number;
  posters: number;
  /** Cards with a file that is gone. */
  missing: number;
}

/**
 * A gallery kept current while a batch runs: written again at most every few seconds as jobs
 * finish, and once more at the end. A failure to write it never fails a job: it is said at the end.
 */
export class GalleryUpdater {
  private writing: Promise<unknown> = Promise.resolve();
  private last = 0;
  private error: unknown;

  constructor(
    private readonly journal: Journal,
    private readonly ask: GalleryAsk,
    private readonly everyMs = 5000,
  ) {}

  soon(): void {
    if (Date.now() - this.last < this.everyMs) return;
    this.last = Date.now();
    this.writing = this.writing.then(() => galleryCommand(this.journal, this.ask)).catch((error: unknown) => (this.error ??= error));
  }

  async finish(): Promise<GalleryOutcome> {
    await this.writing;
    if (this.error !== undefined) throw this.error;
    return galleryCommand(this.journal, this.ask);
  }
}

/** The folder can hold the page: it is (or can be made) a folder, and writable. Exit 2 before any work otherwise. */
export function checkGalleryFolder(dir: string): void {
  const info = statSync(dir, { throwIfNoEntry: false });
  if (info && !info.isDirectory()) throw new UsageError(`-o ${dir}: it is a file, not a folder; nothing was written.`);
  try {
    makeDirs(dir);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`-o ${dir}: ${fsReason(error) ?? (error as Error).message}; nothing was written.`);
  }
}

export async function galleryCommand(journal: Journal, ask: GalleryAsk): Promise<GalleryOutcome> {
  const pageDir = resolve(ask.out);
  checkGalleryFolder(pageDir);
  const { since } = ask;
  const keys = ask.keys ?? (ask.batch !== undefined ? await batchKeys(ask.batch, 'gallery') : undefined);
  const place: CardPlace = { pageDir, copyMedia: ask.copyMedia };
  const cards: GalleryCard[] = [];
  if (ask.reports.length > 0) {
    for (const path of ask.reports) {
      const report = new ReportFile(path);
      for (const job of report.jobs()) {
        const record = job.taskId !== null ? journal.findByTask(job.taskId) : undefined;
        cards.push(record ? cardFromRecord(record, place) : cardFromReport(job, report.head.source ?? path, place));
      }
    }
  } else {
    for (const record of journal.jobs()) {
      if (keys && !(record.intent.batchKey !== undefined && keys.has(record.intent.batchKey))) continue;
      cards.push(cardFromRecord(record, place));
    }
  }
  const chosen = cards.filter(
    (card) =>
      (since === undefined || card.createdAt === '' || card.createdAt >= since.toISOString()) &&
      (ask.states.length === 0 || ask.states.includes(card.state)) &&
      (ask.models.length === 0 || ask.models.includes(card.model)),
  );
  const files = new Map<string, string>();
  for (const card of chosen)
    for (const media of card.media) if (media.href !== null) files.set(media.href, resolve(pageDir, decodeURIComponent(media.href)));
  const posters = await addPosters(chosen, pageDir, files);
  const page = join(pageDir, 'index.html');
  await writePage(page, ask.title ?? 'runway gallery', chosen);
  return { page, cards: chosen.length, posters, missing: chosen.filter((c) => c.media.some((m) => m.href === null)).length };
}
