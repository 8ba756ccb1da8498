/**
 * `runway extend` end to end against the simulator rendering clips from their first frame: the
 * continuation starts on the source's last frame (PSNR of the decoded pixels), the film lasts the
 * sum of its parts, --times survives kill -9 without paying twice, and without ffmpeg nothing is
 * sent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir, testKey, waitFor } from '../helpers/cli.js';
import { count, useSim } from '../helpers/sim.js';
import { seam, seconds } from '../helpers/media.js';

const t = useSim({ keys: [testKey], renderFrames: true });
const env = (extra: Record<string, string> = {}) => ({
  RUNWAY_CONFIG_DIR: t.state.path,
  RUNWAYML_API_SECRET: testKey,
  RUNWAY_API_KEY: testKey,
  ...extra,
});
const on = (provider: string, ...args: string[]) => [
  ...args,
  '--provider',
  provider,
  '--base-url',
  provider === 'runwayml' ? t.sim.apiUrl : t.sim.urlFor(provider),
  '--poll-interval',
  '0.05',
  '--out',
  t.out.path,
];

async function sourceTask(provider: string, ...args: string[]): Promise<{ taskId: string; file: string }> {
  const r = await runCli(on(provider, ...args, '--json', '-q'), { env: env() });
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as { taskId: string; outputs: { file: string }[] };
  return { taskId: json.taskId, file: join(t.out.path, (json.outputs[0]?.file as string).split('/').pop() as string) };
}

async function extend(provider: string, ...args: string[]) {
  const r = await runCli(on(provider, 'extend', ...args, '--json', '-q'), { env: env(), timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { mode: string; extensions: { taskId: string; files: string[] }[]; film: string };
}

// A stand-in for the user's object storage: --frame-url-command copies each frame here and prints its URL.
const published = tempDir('runway-published-');
let publicUrl = '';
const host = createServer((req, res) => {
  const file = join(published.path, basename(req.url ?? ''));
  if (!existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'image/png' }).end(readFileSync(file));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  publicUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => host.close(resolve));
  published.cleanup();
});
const publishCommand = () => `n=$(date +%s%N).png; cp "$RUNWAY_FRAME" ${published.path}/$n && echo ${publicUrl}/$n`;

const cases = [
  {
    name: 'runwayml, chained from the last frame',
    provider: 'runwayml',
    source: ['gen4.5', '--prompt', 'a boat', '--duration', '3'],
    extend: ['--prompt', 'it sails on', '--duration', '2'],
    mode: 'chained',
  },
  {
    name: 'runwayml, native (seedance2_5, mode extend)',
    provider: 'runwayml',
    source: ['gen4.5', '--prompt', 'a boat', '--duration', '3'],
    extend: ['--model', 'seedance2_5', '--prompt', 'it sails on', '--duration', '2'],
    mode: 'native',
  },
  {
    name: 'openai-hk-legacy, native',
    provider: 'openai-hk-legacy',
    source: ['gen3', '--prompt', 'a boat', '--duration', '5'],
    extend: ['--prompt', 'it sails on', '--duration', '5'],
    mode: 'native',
  },
  {
    name: 'cometapi, chained through a published frame',
    provider: 'cometapi',
    source: ['gen4', '--prompt', 'a boat', '--duration', '5'],
    extend: ['--prompt', 'it sails on', '--duration', '5', '--frame-url-command', publishCommand],
    mode: 'chained',
  },
];

describe('extend <task-id>', () => {
  for (const c of cases) {
    it(`${c.name}: the continuation starts on the source's last frame; the film is as long as both`, { timeout: 60_000 }, async () => {
      const source = await sourceTask(c.provider, ...c.source);
      const done = await extend(c.provider, source.taskId, ...c.extend.map((a) => (typeof a === 'function' ? a() : a)));
      expect(done.mode).toBe(c.mode);
      const continuation = done.extensions[0]?.files[0] as string;
      expect(continuation).toMatch(/-ext1\.mp4$/);
      expect(done.film).toMatch(/-extended\.mp4$/);
      expect(await seam(source.file, continuation)).toBeGreaterThanOrEqual(40);
      const parts = (await seconds(source.file)) + (await seconds(continuation));
      expect(Math.abs((await seconds(done.film)) - parts)).toBeLessThanOrEqual(1 / 12 + 1e-3);
      expect(count(t.sim, '.create')).toBe(2);
      expect(count(t.sim, '.upload')).toBe(0);
    });
  }

  it(
    '--times 3: three continuations, each from the one before, one film; after kill -9 the same command pays for ' + 'nothing twice',
    async () => {
      const source = await sourceTask('runwayml', 'gen4.5', '--prompt', 'a boat', '--duration', '2');
      const args = on(
        'runwayml',
        'extend',
        source.taskId,
        '--prompt',
        'on and on [sim:seconds=0.8]',
        '--duration',
        '2',
        '--times',
        '3',
        '-q',
      );
      const journal = join(t.state.path, 'journal.jsonl');
      const created = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('"type":"created"').length - 1 : 0);
      const first = startCli(args, { env: env() });
      await waitFor(() => created() >= 3, 30_000, 'the second continuation created');
      first.child.kill('SIGKILL');
      await first.done;
      const again = await runCli(args, { env: env(), timeoutMs: 60_000 });
      expect(again.code, again.stderr).toBe(0);
      expect(count(t.sim, '.create')).toBe(4);
      const film = again.stdout.trim();
      expect(film).toMatch(/-extended\.mp4$/);
      const clips = [1, 2, 3].map((n) => source.file.replace(/\.mp4$/, `-ext${n}.mp4`));
      let before = source.file;
      for (const clip of clips) {
        expect(await seam(before, clip)).toBeGreaterThanOrEqual(40);
        before = clip;
      }
      expect(Math.abs((await seconds(film)) - 8)).toBeLessThanOrEqual(1 / 12 + 1e-3);
    },
    90_000,
  );

  it('without ffmpeg on PATH, a chained extend exits 2 before any request, saying how to install it', async () => {
    const r = await runCli(on('runwayml', 'extend', '00000000-0000-4000-8000-000000000000', '--prompt', 'x'), {
      env: env({ PATH: '/nonexistent' }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ffmpeg was not found[\s\S]*apt-get install ffmpeg[\s\S]*brew install ffmpeg[\s\S]*winget install ffmpeg/);
    expect(t.sim.requests()).toHaveLength(0);
  });
});
