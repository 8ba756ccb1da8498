/** What ffmpeg/ffprobe say about saved clips: length, and how alike two decoded pictures are. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function seconds(file: string): Promise<number> {
  return Number((await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])).stdout);
}

/** One picture from a clip: the first frame at or after `-ss` (input args), or its last frame. */
export type FramePick = { input: string[]; last?: boolean };

/** Writes one picked picture to `out` (PNG), optionally scaled. */
export async function frameOf(p: FramePick, out: string, scale?: string): Promise<string> {
  const vf = scale ? ['-vf', `scale=${scale}`] : [];
  // The last frame: decode the last seconds and keep overwriting one picture (-update 1).
  await run('ffmpeg', [
    '-v',
    'error',
    ...(p.last ? ['-sseof', '-3'] : []),
    ...p.input,
    ...vf,
    ...(p.last ? [] : ['-frames:v', '1']),
    '-update',
    '1',
    '-y',
    out,
  ]);
  return out;
}

/** PSNR (dB) of two pictures (files ffmpeg reads). */
export async function psnrOf(a: string, b: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-i', a, '-i', b, '-lavfi', 'psnr', '-f', 'null', '-']);
  const db = /average:(inf|[\d.]+)/.exec(stderr)?.[1];
  return db === 'inf' ? Infinity : Number(db);
}

/** PSNR (dB) of two pictures picked from clips, optionally scaled to one size first. */
export async function psnr(a: FramePick, b: FramePick, scale?: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'runway-psnr-'));
  try {
    return await psnrOf(await frameOf(a, join(dir, 'a.png'), scale), await frameOf(b, join(dir, 'b.png'), scale));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PSNR between the last frame of `before` and the first frame of `after`: a seam of 40 dB or more is invisible. */
export function seam(before: string, after: string): Promise<number> {
  return psnr({ input: ['-i', before], last: true }, { input: ['-i', after] });
}
