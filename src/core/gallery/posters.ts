/**
 * Poster frames for the cards' videos, extracted with ffmpeg into `thumbs/` beside the page: a
 * clip is extracted once (named by its content: the same clip in a hundred cards is one poster),
 * a poster already there is kept, two run at once. Without ffmpeg there are none, and the page
 * shows each video's own first frame.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../files/make-dirs.js';
import { findMediaTools, type MediaTools } from '../media-tools/ffmpeg.js';
import { posterFrame } from '../media-tools/poster.js';
import { runPool } from '../pool.js';
import { hrefFrom } from './cards.js';
import type { GalleryCard } from './card.js';

/** What names a clip's content without reading it: its path, size and time (or its sha256 where the journal has it). */
function contentKey(file: string): string {
  const info = statSync(file);
  return createHash('sha256').update(`${file}\0${info.size}\0${info.mtimeMs}`).digest('hex').slice(0, 20);
}

export async function addPosters(cards: readonly GalleryCard[], pageDir: string, files: ReadonlyMap<string, string>): Promise<number> {
  let tools: MediaTools;
  try {
    tools = findMediaTools();
  } catch {
    return 0;
  }
  const dir = join(pageDir, 'thumbs');
  makeDirs(dir);
  const wanted = new Map<string, { file: string; poster: string }>();
  for (const card of cards)
    for (const media of card.media) {
      const file = media.href !== null && media.kind === 'video' ? files.get(media.href) : undefined;
      if (file === undefined) continue;
      const key = media.sha256?.slice(0, 20) ?? contentKey(file);
      const poster = join(dir, `${key}.png`);
      wanted.set(key, { file, poster });
      media.poster = hrefFrom(pageDir, poster);
    }
  let made = 0;
  await runPool(
    [...wanted.values()].filter((w) => !existsSync(w.poster)),
    async ({ file, poster }) => {
      try {
        writeFileSync(poster, await posterFrame(tools, file));
        made++;
      } catch {
        // A clip ffmpeg cannot read shows its own first frame, or nothing: the card still renders.
      }
    },
    { concurrency: 2 },
  );
  // A poster that could not be made is not linked.
  for (const card of cards)
    for (const media of card.media) if (media.poster && !existsSync(join(pageDir, decodeURIComponent(media.poster)))) media.poster = null;
  return made;
}
