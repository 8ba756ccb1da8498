/**
 * Clips joined into one film. Clips whose streams match are joined by copying them (lossless,
 * fast); otherwise, or with a crossfade, everything is re-encoded to H.264 (AAC where every clip
 * has sound) at the first clip's size and frame rate, the others scaled and padded to it. The
 * film is written aside and published under the first free name: nothing is ever overwritten.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { makeDirs } from '../make-dirs.js';
import { partPath, publish } from '../download/publish.js';
import { runTool, type MediaTools } from './ffmpeg.js';
import { joinableByCopy, probeClip, type ClipInfo } from './probe.js';

export interface Stitched {
  file: string;
  /** `copied`: the streams were joined as they are; `re-encoded`: they did not match (or a crossfade); `earlier`: an earlier run's film of these clips is still current. */
  mode: 'copied' | 're-encoded' | 'earlier';
  seconds: number;
  clips: number;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

function filterGraph(clips: readonly ClipInfo[], crossfade: number, withAudio: boolean): { graph: string; video: string; audio?: string } {
  const first = clips[0]?.video as NonNullable<ClipInfo['video']>;
  const [w, h] = [even(first.width), even(first.height)];
  const parts = clips.map((_, i) => `[${i}:v]scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${first.frameRate},format=yuv420p[v${i}]`);
  let video = 'v0';
  let audio = withAudio ? '0:a' : undefined;
  if (crossfade > 0) {
    let offset = 0;
    for (let i = 1; i < clips.length; i++) {
      offset += (clips[i - 1]?.seconds ?? 0) - crossfade;
      parts.push(`[${video}][v${i}]xfade=transition=fade:duration=${crossfade}:offset=${offset.toFixed(3)}[x${i}]`);
      video = `x${i}`;
      if (audio) {
        parts.push(`[${audio}][${i}:a]acrossfade=d=${crossfade}[ax${i}]`);
        audio = `ax${i}`;
      }
    }
  } else {
    const inputs = clips.map((_, i) => `[v${i}]${withAudio ? `[${i}:a]` : ''}`).join('');
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
  if (!film) return undefined;
  const newest = Math.max(...(await Promise.all(clips.map(async (c) => (await stat(c.file)).mtimeMs))));
  if (film.mtimeMs < newest) return undefined;
  const made = await probeClip(tools, dest).catch(() => undefined);
  const expected = clips.reduce((sum, c) => sum + c.seconds, 0) - crossfade * (clips.length - 1);
  if (!made || Math.abs(made.seconds - expected) > 0.1) return undefined;
  return { file: dest, mode: 'earlier', seconds: made.seconds, clips: clips.length };
}

export async function stitchClips(tools: MediaTools, files: readonly string[], dest: string, options: { crossfade?: number; reuse?: boolean } = {}): Promise<Stitched> {
  if (files.length < 1) throw new UsageError('Give the clips to join.');
  const crossfade = options.crossfade ?? 0;
  const clips: ClipInfo[] = [];
  for (const file of files) {
    const info = await probeClip(tools, file).catch((error: unknown) => {
      throw new UsageError(`${file} cannot be read as a video: ${(error as Error).message}`);
    });
    if (!info.video) throw new UsageError(`${file} has no video stream.`);
    if (crossfade > 0 && info.seconds <= crossfade) throw new UsageError(`${file} lasts ${info.seconds.toFixed(2)} s, not longer than the ${crossfade} s crossfade.`);
    clips.push(info);
  }
  const target = resolve(dest);
  const earlier = options.reuse ? await earlierFilm(tools, clips, target, crossfade) : undefined;
  if (earlier) return earlier;
  makeDirs(dirname(target));
  const part = partPath(`${target}.${process.pid}`);
  const copy = crossfade === 0 && joinableByCopy(clips);
  const scratch = mkdtempSync(join(tmpdir(), 'runway-stitch-'));
  try {
    if (copy) {
      const list = join(scratch, 'clips.txt');
      writeFileSync(list, clips.map((c) => `file '${resolve(c.file).replace(/'/g, "'\\''")}'`).join('\n'));
      await runTool(tools.ffmpeg, ['-y', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', part]);
    } else {
      const withAudio = clips.every((c) => c.audio);
      const { graph, video, audio } = filterGraph(clips, crossfade, withAudio);
      const inputs = clips.flatMap((c) => ['-i', c.file]);
      const maps = ['-map', `[${video}]`, ...(audio ? ['-map', audio.includes(':') ? audio : `[${audio}]`, '-c:a', 'aac', '-b:a', '192k'] : [])];
      await runTool(tools.ffmpeg, ['-y', '-v', 'error', ...inputs, '-filter_complex', graph, ...maps, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', part]);
    }
    const file = await publish(part, target);
    const made = await probeClip(tools, file);
    return { file, mode: copy ? 'copied' : 're-encoded', seconds: made.seconds, clips: clips.length };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(part, { force: true });
  }
}
