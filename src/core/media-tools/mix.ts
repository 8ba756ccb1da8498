/**
 * Sound laid under a film: voices that start at given moments (a storyboard's narration, each at
 * its shot) and a bed under the whole film (looped where it is shorter), mixed with the film's
 * own sound. The picture is copied; the sound track lasts exactly as long as the film, whatever
 * the pieces' lengths; a voice never runs past the end of its shot. Written whole or not at all.
 */
import { filmWriteError } from './stitch.js';
import { checkOutputFile, writeWhole } from '../files/whole.js';
import { fileArg, runTool, type MediaTools } from './ffmpeg.js';
import { probeClip } from './probe.js';

export interface TimedVoice {
  file: string;
  /** Seconds into the film where it starts. */
  start: number;
  /** The most it may last (its shot's length). */
  seconds: number;
}

export interface SoundMix {
  voices: readonly TimedVoice[];
  /** A sound bed under the whole film, quieter than the voices. */
  bed?: string | undefined;
}

const stereo = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';

/** The filter graph: a silent base as long as the film sets the length; every other sound is mixed onto it. */
export function mixGraph(filmSeconds: number, filmHasAudio: boolean, mix: SoundMix): { graph: string; inputs: number } {
  const length = filmSeconds.toFixed(3);
  const parts = [`anullsrc=r=48000:cl=stereo,atrim=duration=${length}[base]`];
  const labels = ['[base]'];
  if (filmHasAudio) {
    parts.push(`[0:a]${stereo}[film]`);
    labels.push('[film]');
  }
  mix.voices.forEach((voice, i) => {
    const ms = Math.round(voice.start * 1000);
    parts.push(`[${i + 1}:a]${stereo},atrim=duration=${voice.seconds.toFixed(3)},adelay=${ms}|${ms}[voice${i}]`);
    labels.push(`[voice${i}]`);
  });
  if (mix.bed !== undefined) {
    parts.push(`[${mix.voices.length + 1}:a]${stereo},volume=0.35,atrim=duration=${length}[bed]`);
    labels.push('[bed]');
  }
  parts.push(`${labels.join('')}amix=inputs=${labels.length}:duration=first:dropout_transition=0:normalize=0[mixed]`);
  return { graph: parts.join(';'), inputs: labels.length };
}

export async function mixSound(
  tools: MediaTools,
  film: string,
  mix: SoundMix,
  dest: string,
  flag = '--film',
): Promise<{ file: string; seconds: number }> {
  const target = checkOutputFile(dest, flag);
  const info = await probeClip(tools, film);
  const { graph } = mixGraph(info.seconds, info.audio !== undefined, mix);
  const inputs = [
    '-i',
    fileArg(film),
    ...mix.voices.flatMap((v) => ['-i', fileArg(v.file)]),
    // A bed shorter than the film plays again from its start.
    ...(mix.bed !== undefined ? ['-stream_loop', '-1', '-i', fileArg(mix.bed)] : []),
  ];
  try {
    const file = await writeWhole(
      target,
      async (part) => {
        await runTool(tools.ffmpeg, [
          '-nostdin',
          '-v',
          'error',
          ...inputs,
          '-filter_complex',
          graph,
          '-map',
          '0:v',
          '-map',
          '[mixed]',
          '-c:v',
          'copy',
          '-c:a',
          'aac',
          '-b:a',
          '192k',
          '-t',
          info.seconds.toFixed(3),
          '-movflags',
          '+faststart',
          '-f',
          'mp4',
          '-y',
          fileArg(part),
        ]);
      },
      { replace: false },
    );
    return { file, seconds: (await probeClip(tools, file)).seconds };
  } catch (error) {
    throw filmWriteError(target, error, 'the shots and sounds');
  }
}
