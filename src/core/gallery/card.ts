/**
 * A gallery card: one job as the page shows it — its files (as links relative to the page), its
 * poster, what it was asked (prompt, model, settings), what it cost, how it ended, the group it
 * belongs to (a story's shots, an extension's steps) and the command that makes it again. Plain
 * data: the page renders every field as text.
 */

export type CardState = 'succeeded' | 'saving' | 'pending' | 'running' | 'failed' | 'cancelled' | 'unknown' | 'not-created';

export interface CardMedia {
  /** Relative to the page, URL-encoded; absent when the file is missing. */
  href: string | null;
  name: string;
  kind: 'video' | 'image' | 'audio' | 'other';
  /** The poster frame, relative to the page. */
  poster: string | null;
  /** The file's sha256, where the journal or report has it: the same clip twice has one poster. */
  sha256?: string | undefined;
}

export interface GalleryCard {
  job: string;
  taskId: string | null;
  state: CardState;
  model: string;
  provider: string;
  prompt: string | null;
  ratio: string | null;
  duration: number | null;
  seed: number | null;
  credits: number | null;
  /** Charged (settled) rather than estimated. */
  creditsFinal: boolean;
  createdAt: string;
  updatedAt: string;
  media: CardMedia[];
  /** Input images, as thumbnails where they are files here. */
  inputs: { label: string; href: string | null }[];
  failure: { kind: string; message: string } | null;
  /** Jobs of one story or extension share a group, in order. */
  group: string | null;
  batch: string | null;
  /** The command that makes this clip again (same model, prompt, seed, settings). */
  command: string;
}

export interface GalleryData {
  title: string;
  generated: string;
  cards: GalleryCard[];
}
