/**
 * `runway stitch` with the real ffmpeg: matching clips are joined losslessly, others re-encoded to
 * the first clip's size, a crossfade overlaps them, nothing is overwritten, and without ffmpeg the
 * command says how to install it before doing anything.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { root, runCli, tempDir } from '../helpers/cli.js';

const run = promisify(execFile);
let work: ReturnType<typeof tempDir>;
beforeEach(() => {
  work = tempDir();
  copyFileSync(join(root, 'src', 'sim', 'fixtures', 'sample.mp4'), join(work.path, 'a.mp4'));
  copyFileSync(join(root, 'src', 'sim', 'fixtures', 'sample.mp4'), join(work.path, 'b.mp4'));
  copyFileSync(join(root, 'test', 'fixtures', 'portrait.mp4'), join(work.path, 'portrait.mp4'));
});
afterEach(() => work.cleanup());

async function probe(file: string): Promise<{ seconds: number; width: number; height: number }> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'format=duration:stream=width,height',
    '-of',
    'json',
    file,
  ]);
  const data = JSON.parse(stdout) as { format: { duration: string }; streams: { width: number; height: number }[] };
  return { seconds: Number(data.format.duration), width: data.streams[0]?.width ?? 0, height: data.streams[0]?.height ?? 0 };
}

const frame = 1 / 12;
const stitch = (...args: string[]) =>
  runCli(['stitch', ...args, '--json'], { cwd: work.path, env: { RUNWAY_CONFIG_DIR: join(work.path, 'state') } });

describe('runway stitch', () => {
  it('joins matching clips by copying their streams: the film lasts their sum, and is never written over', async () => {
    const r = await stitch('a.mp4', 'b.mp4', '-o', 'film.mp4');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'copied', clips: 2 });
    expect(Math.abs((await probe(join(work.path, 'film.mp4'))).seconds - 4)).toBeLessThanOrEqual(frame);
    const again = await stitch('a.mp4', 'b.mp4', '-o', 'film.mp4');
    expect(JSON.parse(again.stdout).file).toBe(join(work.path, 'film-1.mp4'));
  });

  it("re-encodes clips that do not match, at the first clip's size", async () => {
    const r = await stitch('a.mp4', 'portrait.mp4', '-o', 'mixed.mp4');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 're-encoded' });
    const film = await probe(join(work.path, 'mixed.mp4'));
    expect([film.width, film.height]).toEqual([320, 192]);
    expect(Math.abs(film.seconds - 3)).toBeLessThanOrEqual(frame);
  });

  it('--crossfade overlaps the clips by that much', async () => {
    const r = await stitch('a.mp4', 'b.mp4', '--crossfade', '0.5', '-o', 'fade.mp4');
    expect(r.code).toBe(0);
    expect(Math.abs((await probe(join(work.path, 'fade.mp4'))).seconds - 3.5)).toBeLessThanOrEqual(frame + 1e-3);
  });

  it('without ffmpeg it exits 2 with the way to install it, and writes nothing', async () => {
    // The binary is started by its absolute path: an empty PATH hides ffmpeg and nothing else.
    const r = await runCli(['stitch', 'a.mp4', 'b.mp4', '-o', 'film.mp4'], {
      cwd: work.path,
      env: {
        PATH: join(work.path, 'no-tools'),
        FFMPEG_PATH: undefined,
        FFPROBE_PATH: undefined,
        RUNWAY_CONFIG_DIR: join(work.path, 'state'),
      },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ffmpeg was not found[\s\S]*apt-get install ffmpeg[\s\S]*brew install ffmpeg[\s\S]*winget install ffmpeg/);
    expect(existsSync(join(work.path, 'film.mp4'))).toBe(false);
  });
});
