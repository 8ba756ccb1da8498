/** What a value given for a structured field points at: a local file of a kind (by its first 32 bytes), media elsewhere, or a word. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { classifyMedia, sniffMime } from '../../providers/media-ref.js';
import { kindOfMime } from '../inputs/input-kind.js';
import type { MediaGuess } from '../../providers/official/run/assign.js';

export function guessMedia(value: string): MediaGuess {
  const ref = classifyMedia(value);
  if (ref.kind === 'url' || ref.kind === 'runway' || ref.kind === 'task') return 'remote';
  if (ref.kind === 'data') return kindOfMime(ref.mime) ?? 'remote';
  if (ref.kind !== 'file') return undefined;
  try {
    if (!statSync(ref.path).isFile()) return undefined;
    const fd = openSync(ref.path, 'r');
    try {
      const head = Buffer.alloc(32);
      readSync(fd, head, 0, 32, 0);
      return kindOfMime(sniffMime(head));
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not a file here: a word (a preset name, a text), or a path named like media that is missing (said when checked).
    return /\.(png|jpe?g|webp|mp4|mov|webm|wav|mp3|m4a|ogg)$/i.test(value) ? 'remote' : undefined;
  }
}
