/** What ffprobe says about a clip: enough to tell whether clips can be joined without re-encoding. */
import { runTool, type MediaTools } from './ffmpeg.js';

export interface ClipInfo {
  file: string;
  seconds: number;
  video?: { codec: string; width: number; height: number; pixelFormat: string; frameRate: string; timeBase: string } | undefined;
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
}

export async function probeClip(tools: MediaTools, file: string): Promise<ClipInfo> {
  const out = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate,time_base,sample_rate,channels', '-of', 'json', file]);
  const data = JSON.parse(out) as { format?: { duration?: string }; streams?: ProbeStream[] };
  const video = data.streams?.find((s) => s.codec_type === 'video');
  const audio = data.streams?.find((s) => s.codec_type === 'audio');
  return {
    file,
    seconds: Number(data.format?.duration ?? 0),
    video: video && { codec: video.codec_name ?? '', width: video.width ?? 0, height: video.height ?? 0, pixelFormat: video.pix_fmt ?? '', frameRate: video.r_frame_rate ?? '', timeBase: video.time_base ?? '' },
    audio: audio && { codec: audio.codec_name ?? '', sampleRate: audio.sample_rate ?? '', channels: audio.channels ?? 0 },
  };
}

/** Clips whose streams match can be joined by copying them (ffmpeg's concat demuxer). */
export function joinableByCopy(clips: readonly ClipInfo[]): boolean {
  const [first, ...rest] = clips;
  if (!first?.video) return false;
  return rest.every((c) => JSON.stringify(c.video) === JSON.stringify(first.video) && JSON.stringify(c.audio) === JSON.stringify(first.audio));
}
