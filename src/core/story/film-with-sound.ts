/**
 * A storyboard's film with its sound: the shots joined (stitch.ts) into a scratch file, then each
 * narration laid at the start of its shot (never past its end) and the bed under the whole film
 * (mix.ts), written whole to the film's place. A film an earlier run made of these same shots and
 * sounds is kept, not made again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stitchClips, type Stitched, type StitchOptions } from '../media-tools/stitch.js';
import { mixSound, type TimedVoice } from '../media-tools/mix.js';
import { probeClip } from '../media-tools/probe.js';
import type { MediaTools } from '../media-tools/ffmpeg.js';

export interface FilmSound {
  /** Each narration: the shot (its place in the film) it is spoken over. */
  narrations: { shot: number; file: string }[];
  bed?: string | undefined;
  crossfade: number;
}

/** Where each shot starts in the film and how long it lasts there: shots overlap by the crossfade. */
function shotTimes(seconds: readonly number[], crossfade: number): { start: number; seconds: number }[] {
  let start = 0;
  return seconds.map((length) => {
    const at = { start, seconds: length };
    start += length - crossfade;
    return at;
  });
}

/** A film at `dest` newer than every piece, as long as the shots together and with sound: an earlier run's. */
async function earlier(tools: MediaTools, dest: string, pieces: readonly string[], expected: number): Promise<Stitched | undefined> {
  const film = await stat(dest).catch(() => undefined);
  if (!film?.isFile()) return undefined;
  const newest = Math.max(...(await Promise.all(pieces.map(async (p) => (await stat(p)).mtimeMs))));
  if (film.mtimeMs < newest) return undefined;
  const made = await probeClip(tools, dest).catch(() => undefined);
  if (!made?.audio || Math.abs(made.seconds - expected) > 0.1) return undefined;
  return { file: dest, mode: 'earlier', seconds: made.seconds, clips: 0 };
}

export async function filmWithSound(
  tools: MediaTools,
  clips: readonly string[],
  dest: string,
  options: StitchOptions,
  sound: FilmSound,
): Promise<Stitched> {
  const lengths = await Promise.all(clips.map(async (clip) => (await probeClip(tools, clip)).seconds));
  const times = shotTimes(lengths, sound.crossfade);
  const expected = lengths.reduce((sum, s) => sum + s, 0) - sound.crossfade * Math.max(0, clips.length - 1);
  const pieces = [...clips, ...sound.narrations.map((n) => n.file), ...(sound.bed ? [sound.bed] : [])];
  const kept = options.reuse ? await earlier(tools, dest, pieces, expected) : undefined;
  if (kept) return { ...kept, clips: clips.length };
  const scratch = mkdtempSync(join(tmpdir(), 'runway-film-'));
  try {
    const silent = await stitchClips(tools, clips, join(scratch, 'film.mp4'), { ...options, reuse: false });
    const voices: TimedVoice[] = sound.narrations.map(({ shot, file }) => ({
      file,
      ...(times[shot] as { start: number; seconds: number }),
    }));
    const mixed = await mixSound(tools, silent.file, { voices, bed: sound.bed }, dest, options.flag);
    return { ...silent, file: mixed.file, seconds: mixed.seconds };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
