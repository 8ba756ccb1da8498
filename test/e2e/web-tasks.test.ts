/**
 * The web-tasks presets (openai-hk-legacy, openai-core) end to end against the simulator:
 * gen2, Gen-3 Alpha, Turbo, the three-step upload, upload → gen3 → extend, video-to-video,
 * status, watch and cancel. Request bodies are checked against the seeds' field names.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Artifact, fixtureMp4 } from '../../src/sim/artifact.js';
import { resolve } from 'node:path';
import { lighthouse, root, runCli, testKey } from '../helpers/cli.js';
import { count, storageRequests, useSim } from '../helpers/sim.js';
import { seed } from '../helpers/seeds.js';

const clip = fileURLToPath(new URL('../../src/sim/fixtures/sample.mp4', import.meta.url));
const t = useSim({ keys: [testKey] });

const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const creates = () => t.sim.requests().filter((r) => r.route.endsWith('.create'));
const keysOf = (value: unknown) => Object.keys(value as object).sort();

for (const preset of ['openai-hk-legacy', 'openai-core'] as const) {
  const on = (...args: string[]) => [
    ...args,
    '--provider',
    preset,
    '--base-url',
    t.sim.urlFor(preset),
    '--poll-interval',
    '0.05',
    '--out',
    t.out.path,
  ];

  describe(preset, () => {
    it('gen2 with an uploaded image: taskType gen2, gen2Options as in seed 000, 4 s', async () => {
      const r = await runCli(
        on(
          'gen2',
          '--prompt',
          'An older man playing piano, lit from the side.',
          '--image',
          lighthouse,
          '--seed',
          '1675247627',
          '--motion',
          '5',
          '--no-interpolate',
          '--upscale',
          '--watermark',
          '--webhook',
          'https://example.com/hook',
        ),
        { env: env() },
      );
      expect(r.stderr).toMatch(/uploading .*lighthouse\.png/);
      expect(r.code).toBe(0);
      // gen2 makes 4 s clips, and so does the simulator.
      expect(readFileSync(r.stdout.trim()).equals(new Artifact(undefined, 4).bytes())).toBe(true);
      const body = creates()[0]?.body as { taskType: string; options: Record<string, any>; notify_hook: string };
      const example = seed('000-gen2-create-request');
      expect(keysOf(body)).toEqual(keysOf(example));
      expect(keysOf(body.options)).toEqual(keysOf(example.options));
      expect(keysOf(body.options.gen2Options)).toEqual(keysOf(example.options.gen2Options));
      expect(body).toMatchObject({ taskType: 'gen2', internal: false, notify_hook: 'https://example.com/hook' });
      expect(body.options).toMatchObject({ name: 'Gen-2 1675247627, An older man playing, lighthousepng, M 5', seconds: 4 });
      expect(body.options.gen2Options).toMatchObject({
        seed: 1675247627,
        interpolate: false,
        upscale: true,
        watermark: true,
        motion_score: 22,
      });
      expect(body.options.gen2Options.init_image).toMatch(new RegExp(`^${t.sim.storageUrl}/datasets/`));
      // the three upload steps, storage without a key
      expect(
        storageRequests(t.sim)
          .filter((q) => q.route === 'storage.upload')
          .map((q) => [q.method, q.authorization]),
      ).toEqual([['PUT', false]]);
      expect(count(t.sim, '.upload-complete')).toBe(1);
    });

    it('gen2 text-only leaves the image fields out', async () => {
      const r = await runCli(on('gen2', '--prompt', 'a quiet harbour'), { env: env() });
      expect(r.code).toBe(0);
      const options = (creates()[0]?.body as { options: { gen2Options: object } }).options.gen2Options;
      expect(options).not.toHaveProperty('init_image');
      expect(options).not.toHaveProperty('image_prompt');
    });

    it('gen3 is taskType europa with the Gen-3 fields; progress and start estimates are shown', async () => {
      const r = await runCli(
        on(
          'gen3',
          '--prompt',
          'Handheld camera moving fast',
          '--image',
          lighthouse,
          '--end-frame',
          '--duration',
          '10',
          '--fast',
          '--no-enhance-prompt',
          '--seed',
          '2275386909',
        ),
        { env: env() },
      );
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/queued \(starts in ~1 s\)|running \d+%/);
      const body = creates()[0]?.body as { taskType: string; options: Record<string, unknown> };
      expect(body.taskType).toBe('europa');
      expect(body.options).toMatchObject({
        name: 'Gen-3 Alpha 2275386909',
        seconds: 10,
        exploreMode: false,
        enhance_prompt: false,
        image_as_end_frame: true,
        resolution: '720p',
      });
      const example = seed(preset === 'openai-core' ? '002-gen3a-turbo-create-request' : '000-gen3-create-request');
      expect(keysOf(body.options)).toEqual(keysOf(example.options));
      const status = await runCli(['status', /task ([0-9a-f-]{36})/.exec(r.stderr)?.[1] as string, '--json'], { env: env() });
      expect(JSON.parse(status.stdout)).toMatchObject({ status: 'succeeded', provider: preset, outputs: [{ bytes: fixtureMp4().length }] });
    });

    it('gen3-turbo sends taskType gen3a_turbo with the image', async () => {
      const r = await runCli(on('gen3-turbo', '--image', lighthouse, '--prompt', 'boom fly monkey'), { env: env() });
      expect(r.code).toBe(0);
      expect(creates()[0]?.body).toMatchObject({
        taskType: 'gen3a_turbo',
        options: { name: expect.stringMatching(/^Gen-3 Alpha Turbo \d+$/) },
      });
    });

    it('upload prints the https-style URL; gen3 with it; extend of the result', async () => {
      const up = await runCli(['upload', lighthouse, '--provider', preset, '--base-url', t.sim.urlFor(preset)], { env: env() });
      expect(up.code).toBe(0);
      const url = up.stdout.trim();
      expect(url).toMatch(new RegExp(`^${t.sim.storageUrl}/datasets/[0-9a-f-]{36}\\.png\\?`));
      expect(storageRequests(t.sim).find((q) => q.route === 'storage.upload')?.authorization).toBe(false);

      const gen = await runCli(on('gen3', '--prompt', 'a lighthouse at dusk', '--image', url, '--json'), { env: env() });
      expect(gen.code).toBe(0);
      const first = JSON.parse(gen.stdout);
      expect(creates()[0]?.body).toMatchObject({ options: { init_image: url } });

      const ext = await runCli(
        [
          'extend',
          first.taskId,
          '--prompt',
          'keep going',
          '--duration',
          '10',
          '--no-join',
          '--poll-interval',
          '0.05',
          '--out',
          t.out.path,
          '--json',
        ],
        { env: env() },
      );
      expect(ext.stderr).not.toMatch(/error/);
      expect(ext.code).toBe(0);
      const { mode, extensions } = JSON.parse(ext.stdout);
      expect(mode).toBe('native');
      const extended = { taskId: extensions[0].taskId, outputs: [{ file: resolve(root, extensions[0].files[0]) }] };
      expect(extended.taskId).not.toBe(first.taskId);
      const body = creates()[1]?.body as { taskType: string; options: Record<string, unknown> };
      expect(body.taskType).toBe('europa');
      expect(body.options).toMatchObject({ extended_from_task_id: first.taskId, seconds: 10, text_prompt: 'keep going' });
      expect(body.options.init_video).toMatch(new RegExp(`^${t.sim.storageUrl}/artifacts/${first.taskId}/`));
      expect(body.options).not.toHaveProperty('init_image');
      const example = seed('000-gen3-extend-request');
      const { init_image: _absent, ...expectedOptions } = example.options;
      if (preset === 'openai-core') {
        delete expectedOptions.width;
        delete expectedOptions.height;
      }
      expect(keysOf(body.options)).toEqual(keysOf(expectedOptions));
      expect(readFileSync(extended.outputs[0]?.file as string).length).toBe(fixtureMp4().length);
    });

    it('video-to-video: the local clip is uploaded, then video_prompt + structure_transformation', async () => {
      const r = await runCli(
        on('generate', '--model', 'gen3', '--video', clip, '--structure', '0.3', '--prompt', '美女舞蹈', '--duration', '10'),
        { env: env() },
      );
      expect(r.stderr).toMatch(/uploading .*sample\.mp4/);
      expect(r.code).toBe(0);
      const body = creates()[0]?.body as { options: Record<string, unknown> };
      expect(body.options).toMatchObject({ structure_transformation: 0.3, seconds: 10, text_prompt: '美女舞蹈' });
      expect(body.options.video_prompt).toMatch(new RegExp(`^${t.sim.storageUrl}/datasets/.*\\.mp4`));
      const example = seed('000-gen3-video-to-video-request');
      const expected = { ...example.options };
      if (preset === 'openai-core') {
        delete expected.width;
        delete expected.height;
      }
      expect(keysOf(body.options)).toEqual(keysOf(expected));
    });

    it('an https URL is passed through with a warning', async () => {
      const r = await runCli(on('gen3', '--prompt', 'x', '--image', 'https://example.com/cat.png'), { env: env() });
      expect(r.stderr).toMatch(/is not on .* own storage; it may reject it/);
      // the provider rejects URLs that did not come from its upload flow (as the real one does)
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/init_image must be a URL from the upload endpoint/);
    });

    it('--no-wait, then watch; cancel', async () => {
      const started = await runCli(on('gen3', '--prompt', 'x', '--no-wait'), { env: env() });
      const taskId = started.stdout.trim();
      const watched = await runCli(['watch', taskId, '--poll-interval', '0.05'], { env: env() });
      expect(watched.code).toBe(0);
      expect(readFileSync(watched.stdout.trim()).length).toBe(fixtureMp4().length);

      const long = await runCli(on('gen3', '--prompt', 'long [sim:seconds=60]', '--no-wait'), { env: env() });
      const cancel = await runCli(['cancel', long.stdout.trim()], { env: env() });
      expect(cancel.code).toBe(0);
      const status = await runCli(['status', long.stdout.trim(), '--json'], { env: env() });
      expect(JSON.parse(status.stdout).status).toBe('cancelled');
    });

    it('never saves under the server-given file name', async () => {
      const r = await runCli(on('gen3', '--prompt', 'x', '--json'), { env: env() });
      const file: string = JSON.parse(r.stdout).outputs[0].file;
      expect(file.startsWith(t.out.path)).toBe(true);
      expect(file).not.toMatch(/passwd|,/);
      expect(file).toMatch(/gen3-\d{8}-\d{6}-[0-9a-f]{8}\.mp4$/);
    });
  });
}

describe('gen3 on a provider without extend', () => {
  it('exit 2 names the providers that can extend', async () => {
    const r = await runCli(
      ['extend', '00000000-0000-4000-8000-000000000000', '--provider', 'cometapi', '--base-url', t.sim.urlFor('cometapi')],
      { env: env() },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cometapi has no native extend[\s\S]*openai-hk-legacy, openai-core/);
    expect(t.sim.stats().total).toBe(0);
  });
});
