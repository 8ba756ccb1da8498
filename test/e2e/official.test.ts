/**
 * The built binary against the simulator speaking the official protocol: every outcome the
 * foundation issue lists, with stdout, stderr and exit code asserted.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Artifact, fixtureMp4 } from '../../src/sim/artifact.js';
import { lighthouse, root, runCli, tempDir, testKey } from '../helpers/cli.js';
import { count, probeCodec, storageRequests, useSim } from '../helpers/sim.js';

const t = useSim({ keys: [testKey] });

const env = (extra: Record<string, string | undefined> = {}) => ({
  RUNWAY_CONFIG_DIR: t.state.path,
  RUNWAYML_API_SECRET: testKey,
  ...extra,
});
const official = (...args: string[]) => [
  ...args,
  '--provider',
  'runwayml',
  '--base-url',
  t.sim.apiUrl,
  '--poll-interval',
  '0.05',
  '--out',
  t.out.path,
];

describe('generate on the official protocol', () => {
  it('saves a playable H.264 mp4 and prints only its path', async () => {
    const r = await runCli(official('gen4', '--prompt', 'a lighthouse at dusk', '--image', lighthouse), { env: env() });
    expect(r.stderr).toContain('created');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const file = lines[0] as string;
    expect(file).toMatch(/^\/.*gen4_turbo-\d{8}-\d{6}-[0-9a-f]{8}\.mp4$/);
    expect(readFileSync(file).equals(new Artifact(undefined, 5).bytes())).toBe(true);
    expect(await probeCodec(file)).toBe('h264');
    expect(count(t.sim, '.create')).toBe(1);
  });

  it('never sends the Authorization header to the storage origin', async () => {
    const r = await runCli(official('gen4', '--prompt', 'x', '--image', lighthouse), { env: env() });
    expect(r.code).toBe(0);
    const storage = storageRequests(t.sim);
    expect(storage.length).toBeGreaterThan(0);
    expect(storage.every((req) => !req.authorization)).toBe(true);
    const api = t.sim.requests().filter((req) => req.origin === 'api');
    expect(api.every((req) => req.authorization)).toBe(true);
  });

  it('--json prints one object per task with the documented fields', async () => {
    const r = await runCli(official('gen4.5', '--prompt', 'a lighthouse at dusk', '--seed', '42', '--json'), { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual([
      'taskId',
      'provider',
      'model',
      'status',
      'outputs',
      'prompt',
      'seed',
      'ratio',
      'duration',
      'credits',
    ]);
    // credits: what the API's settled task says it charged (gen4.5: 12 per second).
    expect(json).toMatchObject({
      provider: 'runwayml',
      model: 'gen4.5',
      status: 'succeeded',
      prompt: 'a lighthouse at dusk',
      seed: 42,
      ratio: '1280:720',
      duration: 5,
      credits: 60,
    });
    expect(json.outputs[0].bytes).toBe(fixtureMp4().length);
    expect(existsSync(join(t.out.path, json.outputs[0].file.split('/').pop()))).toBe(true);
    const body = t.sim.requests().find((req) => req.route === 'runwayml.create')?.body;
    expect(body).toEqual({ model: 'gen4.5', promptText: 'a lighthouse at dusk', ratio: '1280:720', duration: 5, seed: 42 });
  });

  it('video-to-video: a local clip is uploaded, sent as videoUri to /v1/video_to_video, and the result saved', async () => {
    const clip = join(root, 'test', 'fixtures', 'portrait.mp4');
    const r = await runCli(official('aleph2', '--video', clip, '--prompt', 'make it snow', '--seed', '5', '--json'), { env: env() });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    // Read from the 1 s, 360×640 input's header: its length is the output's (and the estimate's),
    // and the default ratio is the allowed one nearest its shape.
    expect(json).toMatchObject({ model: 'aleph2', status: 'succeeded', duration: 1 });
    expect(count(t.sim, 'runwayml.upload')).toBe(1);
    const create = t.sim.requests().find((req) => req.route === 'runwayml.create');
    expect(create?.path).toBe('/v1/video_to_video');
    expect(create?.body).toEqual({
      videoUri: expect.stringMatching(/^runway:\/\/uploads\//),
      model: 'aleph2',
      promptText: 'make it snow',
      seed: 5,
    });
  });

  it('video-to-video refuses --duration (the output is as long as the input) before any request', async () => {
    const clip = join(root, 'src', 'sim', 'fixtures', 'sample.mp4');
    const r = await runCli(official('aleph2', '--video', clip, '--duration', '5'), { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('as long as the input video: drop --duration');
    expect(t.sim.requests()).toHaveLength(0);
  });

  it('--no-wait prints the task id; watch finishes it using the journal', async () => {
    const first = await runCli(official('gen4', '--prompt', 'x', '--image', lighthouse, '--no-wait'), { env: env() });
    expect(first.code).toBe(0);
    const taskId = first.stdout.trim();
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(count(t.sim, '.task')).toBe(0);
    const elsewhere = tempDir();
    const watched = await runCli(['watch', taskId, '--poll-interval', '0.05', '--out', elsewhere.path], { env: env() });
    expect(watched.code).toBe(0);
    const file = watched.stdout.trim();
    expect(file.startsWith(elsewhere.path)).toBe(true);
    expect(file.endsWith(`${taskId.slice(0, 8)}.mp4`)).toBe(true);
    expect(readFileSync(file).length).toBe(fixtureMp4().length);
    expect(count(t.sim, '.create')).toBe(1);
    elsewhere.cleanup();
  });

  it('exits 6 on a moderation failure, with the failure text', async () => {
    const r = await runCli(official('gen4', '--prompt', 'forbidden [sim:moderation]', '--image', lighthouse), { env: env() });
    expect(r.code).toBe(6);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/did not pass moderation/);
    expect(r.stderr).toMatch(/INPUT_PREPROCESSING\.SAFETY\.TEXT/);
  });

  it('exits 5 on a generic failure', async () => {
    const r = await runCli(official('gen4', '--prompt', 'unlucky [sim:fail]', '--image', lighthouse), { env: env() });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/failed: An unexpected error occurred/);
  });

  it('--json still reports a failed task on stdout', async () => {
    const r = await runCli(official('gen4', '--prompt', 'unlucky [sim:fail]', '--image', lighthouse, '--json'), { env: env() });
    expect(r.code).toBe(5);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ status: 'failed', error: { code: 5, failureCode: 'INTERNAL' } });
  });

  it('exits 7 when --timeout passes, naming the task and the watch command', async () => {
    const r = await runCli(official('gen4', '--prompt', 'slow [sim:seconds=60]', '--image', lighthouse, '--timeout', '0.4'), {
      env: env(),
    });
    expect(r.code).toBe(7);
    const taskId = /task ([0-9a-f-]{36}) created/.exec(r.stderr)?.[1];
    expect(taskId).toBeDefined();
    expect(r.stderr).toContain(`runway watch ${taskId}`);
  });
});

describe('base URL from the environment', () => {
  const plain = (...args: string[]) => [...args, '--poll-interval', '0.05', '--out', t.out.path];

  it("RUNWAYML_BASE_URL (the official SDK's variable) points runwayml elsewhere; --base-url still wins", async () => {
    const r = await runCli(plain('gen4.5', '--prompt', 'from the environment'), { env: env({ RUNWAYML_BASE_URL: t.sim.apiUrl }) });
    expect(r.code).toBe(0);
    expect(count(t.sim, 'runwayml.create')).toBe(1);
    const flag = await runCli(plain('gen4.5', '--prompt', 'x', '--base-url', t.sim.apiUrl), {
      env: env({ RUNWAYML_BASE_URL: 'https://unreachable.invalid' }),
    });
    expect(flag.code).toBe(0);
    expect(count(t.sim, 'runwayml.create')).toBe(2);
  });

  it('RUNWAY_BASE_URL_<NAME> works for any provider, and a bad value is refused naming the variable, before any request', async () => {
    const r = await runCli(plain('gen4', '--provider', 'openai-hk', '--prompt', 'x', '--image', lighthouse), {
      env: env({ RUNWAY_BASE_URL_OPENAI_HK: `${t.sim.apiUrl}/runwayml`, RUNWAY_API_KEY_OPENAI_HK: testKey }),
    });
    expect(r.code).toBe(0);
    expect(count(t.sim, 'openai-hk.create')).toBe(1);
    const bad = await runCli(plain('gen4.5', '--prompt', 'x'), { env: env({ RUNWAYML_BASE_URL: 'http://api.example.com' }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('(from env RUNWAYML_BASE_URL)');
    expect(count(t.sim, '.create')).toBe(1);
  });
});

describe('keys', () => {
  it('exits 3 with advice when there is no key, before any request', async () => {
    const r = await runCli(official('gen4', '--prompt', 'x', '--image', lighthouse), { env: env({ RUNWAYML_API_SECRET: undefined }) });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/No API key for provider "runwayml"/);
    expect(r.stderr).toMatch(/runway auth set runwayml/);
    expect(r.stderr).toMatch(/RUNWAYML_API_SECRET/);
    expect(t.sim.stats().total).toBe(0);
  });

  it('watch of several tasks stops at the first key problem instead of repeating it for each task', async () => {
    const ids = [];
    for (const prompt of ['one', 'two', 'three'])
      ids.push((await runCli(official('gen4.5', '--prompt', prompt, '--no-wait'), { env: env() })).stdout.trim());
    const r = await runCli(['watch', ...ids], { env: env({ RUNWAYML_API_SECRET: undefined }) });
    expect(r.code).toBe(3);
    expect(r.stderr.match(/No API key for provider "runwayml"/g)).toHaveLength(1);
  });

  it('exits 3 when the provider rejects the key, without printing it', async () => {
    const wrong = `key_${'f'.repeat(128)}`;
    const r = await runCli(official('gen4', '--prompt', 'x', '--image', lighthouse), { env: env({ RUNWAYML_API_SECRET: wrong }) });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/rejected the API key/);
    expect(r.stderr).not.toContain(wrong);
    expect(r.stdout + r.stderr).not.toContain('f'.repeat(40));
  });

  it('auth set stores the key 0600 in a 0700 directory; auth status masks it', async () => {
    const set = await runCli(['auth', 'set', 'runwayml'], {
      env: { RUNWAY_CONFIG_DIR: join(t.state.path, 'fresh') },
      input: `${testKey}\n`,
    });
    expect(set.code).toBe(0);
    expect(set.stderr).not.toContain(testKey);
    expect(statSync(join(t.state.path, 'fresh')).mode & 0o777).toBe(0o700);
    const config = join(t.state.path, 'fresh', 'config.json');
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(config, 'utf8')).keys.runwayml).toBe(testKey);
    const status = await runCli(['auth', 'status'], { env: { RUNWAY_CONFIG_DIR: join(t.state.path, 'fresh') } });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/runwayml\s+store\s+key_…cdef/);
    expect(status.stdout).not.toContain(testKey);
    const used = await runCli(official('gen4', '--prompt', 'x', '--image', lighthouse), {
      env: { RUNWAY_CONFIG_DIR: join(t.state.path, 'fresh') },
    });
    expect(used.code).toBe(0);
  });
});
