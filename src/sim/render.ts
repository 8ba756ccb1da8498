/**
 * Clips that start where they should. Where ffmpeg is on this machine, a clip made from a first
 * frame is rendered from it (a slow zoom on the frame, as long as the task, 12 fps like the
 * fixture, H.264 4:4:4), and a native extension starts from its source clip's last frame; so a test can
 * check that a continuation really starts where the source ended. Without ffmpeg, or when the
 * frame cannot be read, the task serves the fixture as always: the quick start needs nothing.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(file, args, (error, stdout) => (error ? reject(error) : resolve(stdout))));
}

/** What a frame is drawn from: an image, or the end of a clip. */
export type FrameSource = { image: Buffer } | { clipEnd: Buffer };

export class FrameRenderer {
  private readonly ffmpeg: string | undefined;
  private readonly ffprobe: string | undefined;
  private readonly renders = new Map<string, Promise<Buffer | undefined>>();
  /** Rendered clips' sizes, once known (undefined: rendering failed, the fixture is served). */
  private readonly finished = new Map<string, number | undefined>();

  constructor(enabled: boolean) {
    this.ffmpeg = enabled ? onPath('ffmpeg') : undefined;
    this.ffprobe = enabled ? onPath('ffprobe') : undefined;
  }

  get available(): boolean {
    return this.ffmpeg !== undefined && this.ffprobe !== undefined;
  }

  /** Starts rendering task `id`'s clip once its frame's source is known; what it serves waits for it. */
  startWhen(id: string, source: Promise<FrameSource | undefined>, seconds: number): void {
    if (!this.available) return;
    const clip = source.then((s) => (s ? this.render(s, seconds) : undefined)).catch(() => undefined);
    this.renders.set(id, clip);
    void clip.then((bytes) => this.finished.set(id, bytes?.length));
  }

  /** `pending` while a task's clip is being rendered; then its size, or undefined when it has none. */
  sizeOf(id: string): number | 'pending' | undefined {
    if (!this.renders.has(id)) return undefined;
    return this.finished.has(id) ? this.finished.get(id) : 'pending';
  }

  /** The rendered clip of a task, or undefined when it has none (the fixture is served). */
  clip(id: string): Promise<Buffer | undefined> | undefined {
    return this.renders.get(id);
  }

  reset(): void {
    this.renders.clear();
    this.finished.clear();
  }

  private async render(source: FrameSource, seconds: number): Promise<Buffer> {
    const dir = mkdtempSync(join(tmpdir(), 'runway-sim-render-'));
    try {
      const frame = join(dir, 'frame.png');
      if ('image' in source) {
        writeFileSync(join(dir, 'image'), source.image);
        await run(this.ffmpeg as string, ['-v', 'error', '-i', join(dir, 'image'), '-frames:v', '1', '-y', frame]);
      } else {
        writeFileSync(join(dir, 'source.mp4'), source.clipEnd);
        await run(this.ffmpeg as string, [
          '-v',
          'error',
          '-sseof',
          '-3',
          '-i',
          join(dir, 'source.mp4'),
          '-an',
          '-update',
          '1',
          '-y',
          frame,
        ]);
      }
      const size = (await run(this.ffprobe as string, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', frame]))
        .trim()
        .split(',')
        .map(Number);
      const [w, h] = size.map((n) => Math.max(2, Math.floor((n || 2) / 2) * 2)) as [number, number];
      const frames = Math.max(1, Math.round(seconds * 12));
      const out = join(dir, 'clip.mp4');
      // zoom 1 on the first frame: it is the given picture itself, then a slow push in. Full
      // chroma (4:4:4) and a near-lossless quality keep that first frame the picture, to the pixel.
      const zoom = `zoompan=z='1+0.002*on':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=${frames}:s=${w}x${h}:fps=12`;
      await run(this.ffmpeg as string, [
        '-v',
        'error',
        '-i',
        frame,
        '-vf',
        `crop=${w}:${h}:0:0,${zoom},format=yuv444p`,
        '-frames:v',
        String(frames),
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-crf',
        '4',
        '-movflags',
        '+faststart',
        '-y',
        out,
      ]);
      return readFileSync(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
