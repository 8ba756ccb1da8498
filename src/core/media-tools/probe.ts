/** What ffprobe says about a clip: enough to tell whether clips can be joined without re-encoding. */
import { fileArg, runTool, type MediaTools } from './ffmpeg.js';

export interface ClipInfo {
  file: string;
  seconds: number;
  video?:
    | {
        codec: string;
        width: number;
        height: number;
        pixelFormat: string;
        frameRate: string;
        timeBase: string;
        /** Degrees the picture is turned when shown (a phone's portrait clip: 90 or -90). */
        rotation: number;
      }
    | undefined;
  audio?: { codec: string; sampleRate: string; channels: number } | undefined;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  r_frame_rate?: string;
  time_base?: string;
  sample_rate?: string;
  channels?: number;
  side_data_list?: { rotation?: number }[];
  tags?: { rotate?: string };
}

export async function probeClip(tools: MediaTools, file: string): Promise<ClipInfo> {
  const entries =
    'format=duration:stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate,time_base,sample_rate,channels:stream_side_data=rotation:stream_tags=rotate';
  const out = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', entries, '-of', 'json', fileArg(file)]);
  const data = JSON.parse(out) as { format?: { duration?: string }; streams?: ProbeStream[] };
  const video = data.streams?.find((s) => s.codec_type === 'video');
  const audio = data.streams?.find((s) => s.codec_type === 'audio');
  const rotation = Number(video?.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video?.tags?.rotate ?? 0) || 0;
  return {
    file,
    seconds: Number(data.format?.duration ?? 0),
    video: video && {
      codec: video.codec_name ?? '',
      width: video.width ?? 0,
      height: video.height ?? 0,
      pixelFormat: video.pix_fmt ?? '',
      frameRate: video.r_frame_rate ?? '',
      timeBase: video.time_base ?? '',
      rotation: ((rotation % 360) + 360) % 360,
    },
    audio: audio && { codec: audio.codec_name ?? '', sampleRate: audio.sample_rate ?? '', channels: audio.channels ?? 0 },
  };
}

/** The picture's size as shown: a quarter turn swaps width and height. */
export function shownSize(video: NonNullable<ClipInfo['video']>): { width: number; height: number } {
  return video.rotation % 180 === 90 ? { width: video.height, height: video.width } : { width: video.width, height: video.height };
}

/** Clips whose streams match (codec, size, rotation, sound or none) can be joined by copying them (ffmpeg's concat demuxer). */
export function joinableByCopy(clips: readonly ClipInfo[]): boolean {
  const [first, ...rest] = clips;
  if (!first?.video) return false;
  return rest.every(
    (c) => JSON.stringify(c.video) === JSON.stringify(first.video) && JSON.stringify(c.audio) === JSON.stringify(first.audio),
  );
}
