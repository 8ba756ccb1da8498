/**
 * Clips joined into one film. Clips whose streams match (codec, size, turn, sound) are joined by
 * copying them (lossless, fast); otherwise, or with a crossfade, everything is re-encoded to H.264
 * at the first clip's shown size and frame rate, the others scaled and padded to it, with AAC
 * sound where any clip has sound (silence for the clips that have none, so no sound is dropped).
 * Every clip is checked to be a whole video before ffmpeg sees it, and the film is written whole
 * or not at all under the first free name: nothing is ever overwritten.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { DownloadError, UsageError } from '../errors.js';
import { fsReason } from '../files/fs-reason.js';
import { checkOutputFile, writeWhole } from '../files/whole.js';
import { checkWholeVideo, inspectLocalFile } from '../inputs/media.js';
import { fileArg, runTool, type MediaTools } from './ffmpeg.js';
import { joinableByCopy, probeClip, shownSize, type ClipInfo } from './probe.js';

export interface Stitched {
  file: string;
  /** `copied`: the streams were joined as they are; `re-encoded`: they did not match (or a crossfade); `earlier`: an earlier run's film of these clips is still current. */
  mode: 'copied' | 're-encoded' | 'earlier';
  seconds: number;
  clips: number;
}

export interface StitchOptions {
  crossfade?: number | undefined;
  /** Keep a film an earlier run made of these same clips (see earlierFilm). */
  reuse?: boolean;
  /** How the film's path is named in messages (-o, --film). */
  flag?: string;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

function audioOf(clip: ClipInfo, i: number): string {
  // One format for every piece, so that concat and acrossfade take them; a silent clip gets silence as long as it.
  return clip.audio
    ? `[${i}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a${i}]`
    : `anullsrc=r=48000:cl=stereo,atrim=duration=${clip.seconds.toFixed(3)}[a${i}]`;
}

function filterGraph(clips: readonly ClipInfo[], crossfade: number, withAudio: boolean): { graph: string; video: string; audio?: string } {
  const first = clips[0]?.video as NonNullable<ClipInfo['video']>;
  const shown = shownSize(first);
  const [w, h] = [even(shown.width), even(shown.height)];
  // ffmpeg turns each decoded picture as its clip says (autorotate): sizes here are as shown.
  const parts = clips.map(
    (_, i) =>
      `[${i}:v]scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${first.frameRate},format=yuv420p[v${i}]`,
  );
  if (withAudio) parts.push(...clips.map(audioOf));
  let video = 'v0';
  let audio = withAudio ? 'a0' : undefined;
  if (crossfade > 0) {
    let offset = 0;
    for (let i = 1; i < clips.length; i++) {
      offset += (clips[i - 1]?.seconds ?? 0) - crossfade;
      parts.push(`[${video}][v${i}]xfade=transition=fade:duration=${crossfade}:offset=${offset.toFixed(3)}[x${i}]`);
      video = `x${i}`;
      if (audio) {
        parts.push(`[${audio}][a${i}]acrossfade=d=${crossfade}[ax${i}]`);
        audio = `ax${i}`;
      }
    }
  } else {
    const inputs = clips.map((_, i) => `[v${i}]${withAudio ? `[a${i}]` : ''}`).join('');
    parts.push(`${inputs}concat=n=${clips.length}:v=1:a=${withAudio ? 1 : 0}[joined]${withAudio ? '[ajoined]' : ''}`);
    video = 'joined';
    audio = withAudio ? 'ajoined' : undefined;
  }
  return { graph: parts.join(';'), video, ...(audio ? { audio } : {}) };
}

/**
 * `reuse`: a film already at `dest`, written after every clip and as long as they are together,
 * is this film made by an earlier run (a command run again after it finished): kept, not made twice.
 */
async function earlierFilm(tools: MediaTools, clips: readonly ClipInfo[], dest: string, crossfade: number): Promise<Stitched | undefined> {
  const film = await stat(dest).catch(() => undefined);
  if (!film?.isFile()) return undefined;
  const newest = Math.max(...(await Promise.all(clips.map(async (c) => (await stat(c.file)).mtimeMs))));
  if (film.mtimeMs < newest) return undefined;
  const made = await probeClip(tools, dest).catch(() => undefined);
  const expected = clips.reduce((sum, c) => sum + c.seconds, 0) - crossfade * (clips.length - 1);
  if (!made || Math.abs(made.seconds - expected) > 0.1) return undefined;
  return { file: dest, mode: 'earlier', seconds: made.seconds, clips: clips.length };
}

/** Every clip a whole video (by its bytes and box structure), then what ffprobe says of it. */
async function readClips(tools: MediaTools, files: readonly string[], crossfade: number): Promise<ClipInfo[]> {
  const clips: ClipInfo[] = [];
  for (const file of files) {
    await checkWholeVideo(await inspectLocalFile(file, 'video', 'clip', Infinity), 'clip');
    const info = await probeClip(tools, file).catch((error: unknown) => {
      throw new UsageError(`clip ${file} cannot be read as a video: ${(error as Error).message}`);
    });
    if (!info.video) throw new UsageError(`clip ${file} has no video stream.`);
    if (crossfade > 0 && info.seconds <= crossfade)
      throw new UsageError(`clip ${file} lasts ${info.seconds.toFixed(2)} s, not longer than the ${crossfade} s crossfade.`);
    clips.push(info);
  }
  return clips;
}

/** The concat demuxer's list names links in a folder of our own, never the clips' own names (which may hold quotes or newlines). */
function linkedList(clips: readonly ClipInfo[], scratch: string): string | undefined {
  try {
    const names = clips.map((clip, i) => {
      const name = `clip-${i}${extname(clip.file).replace(/[^.A-Za-z0-9]/g, '') || '.mp4'}`;
      symlinkSync(resolve(clip.file), join(scratch, name));
      return name;
    });
    const list = join(scratch, 'clips.txt');
    writeFileSync(list, names.map((name) => `file '${name}'\n`).join(''));
    return list;
  } catch {
    // No symbolic links here (some Windows set-ups): the clips are re-encoded instead.
    return undefined;
  }
}

/** A film that could not be written for a reason of the disk (full, not writable): exit 8 saying what is kept; anything else as it came. */
export function filmWriteError(target: string, error: unknown, kept: string): unknown {
  const reason = fsReason(error);
  if (!reason) return error;
  return new DownloadError(`Cannot write the film ${target}: ${reason}.`, {
    hint: `Free some space or choose another place, and run the same command again: ${kept} are kept.`,
  });
}

export async function stitchClips(
  tools: MediaTools,
  files: readonly string[],
  dest: string,
  options: StitchOptions = {},
): Promise<Stitched> {
  if (files.length < 1) throw new UsageError('Give the clips to join.');
  const crossfade = options.crossfade ?? 0;
  const target = checkOutputFile(dest, options.flag ?? '-o');
  const clips = await readClips(tools, files, crossfade);
  const earlier = options.reuse ? await earlierFilm(tools, clips, target, crossfade) : undefined;
  if (earlier) return earlier;
  const scratch = mkdtempSync(join(tmpdir(), 'runway-stitch-'));
  try {
    const list = crossfade === 0 && joinableByCopy(clips) ? linkedList(clips, scratch) : undefined;
    const file = await writeWhole(
      target,
      async (part) => {
        const output = ['-movflags', '+faststart', '-f', 'mp4', '-y', fileArg(part)];
        if (list) {
          await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-f', 'concat', '-i', fileArg(list), '-c', 'copy', ...output]);
          return;
        }
        const withAudio = clips.some((c) => c.audio);
        const { graph, video, audio } = filterGraph(clips, crossfade, withAudio);
        const inputs = clips.flatMap((c) => ['-i', fileArg(c.file)]);
        const maps = ['-map', `[${video}]`, ...(audio ? ['-map', `[${audio}]`, '-c:a', 'aac', '-b:a', '192k'] : [])];
        await runTool(tools.ffmpeg, [
          '-nostdin',
          '-v',
          'error',
          ...inputs,
          '-filter_complex',
          graph,
          ...maps,
          '-c:v',
          'libx264',
          '-preset',
          'veryfast',
          '-crf',
          '18',
          '-pix_fmt',
          'yuv420p',
          ...output,
        ]);
      },
      { replace: false },
    );
    const made = await probeClip(tools, file);
    return { file, mode: list ? 'copied' : 're-encoded', seconds: made.seconds, clips: clips.length };
  } catch (error) {
    throw filmWriteError(target, error, 'the clips');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
