/**
 * The official API's other endpoints on the built binary against the simulator: upscale, frame
 * rate, HDR, Act-Two and images each save a file of the type its bytes say; `task:<id>` passes a
 * task's output URL on without an upload; `--then` pipelines are journaled and resumable.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lighthouse, root, runCli, startCli, testKey, waitFor } from '../helpers/cli.js';
import { count, probeCodec, useSim, type SimScope } from '../helpers/sim.js';

const fast = useSim({ keys: [testKey] });
let t: SimScope = fast;
const clip = join(root, 'test', 'fixtures', 'portrait.mp4');
const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAYML_API_SECRET: testKey });
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
  '-q',
];
const fileType = async (file: string) => (await promisify(execFile)('file', ['-b', file])).stdout;
const bodyOf = (path: string) =>
  t.sim
    .requests()
    .filter((r) => r.path === path && r.method === 'POST')
    .map((r) => r.body as Record<string, unknown>);
const journal = () => {
  const file = join(t.state.path, 'journal.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];
};

describe('one command per endpoint', () => {
  it('upscale, frame-rate, hdr and act-two save H.264 mp4s; the upscale is bigger than its input', async () => {
    const runs = [
      ['upscale', clip, '--resolution', '4k', '--creativity', '30'],
      ['frame-rate', clip, '--fps', '59.94'],
      ['hdr', clip],
      ['act-two', '--character', lighthouse, '--reference', clip, '--expression', '4', '--body-control'],
    ];
    const files: string[] = [];
    for (const args of runs) {
      const r = await runCli(official(...args), { env: env() });
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
      const file = r.stdout.trim();
      expect(file).toMatch(/\.mp4$/);
      expect(await probeCodec(file)).toBe('h264');
      files.push(file);
    }
    expect(statSync(files[0] as string).size).toBeGreaterThan(statSync(clip).size * 2);
    expect(bodyOf('/v1/video_upscale')[0]).toMatchObject({ model: 'magnific_video_upscaler_creative', resolution: '4k', creativity: 30 });
    expect(bodyOf('/v1/video_upscale')[1]).toMatchObject({ model: 'enhance_frame_rate', targetFramerate: '59_94' });
    expect(bodyOf('/v1/video_to_hdr')[0]).toMatchObject({ model: 'ruby' });
    const actTwo = bodyOf('/v1/character_performance')[0] as Record<string, { type: string; uri: string }>;
    expect(actTwo.character?.type).toBe('image');
    expect(actTwo.reference?.type).toBe('video');
    expect(actTwo).toMatchObject({ model: 'act_two', expressionIntensity: 4, bodyControl: true });
  });

  it('image: saved with the extension its bytes have (a JPEG behind a .png URL is saved .jpg), one file per output', async () => {
    const png = await runCli(official('image', '--prompt', 'a lighthouse at dusk', '--ratio', '1920:1080'), { env: env() });
    expect(png.code, png.stderr).toBe(0);
    expect(png.stdout.trim()).toMatch(/gen4_image-\S+\.png$/);
    expect(await fileType(png.stdout.trim())).toMatch(/^PNG image data/);

    const jpegs = await runCli(
      official('image', '--model', 'seedream5_pro', '--prompt', 'a lighthouse', '--count', '2', '--output-format', 'jpeg'),
      { env: env() },
    );
    expect(jpegs.code, jpegs.stderr).toBe(0);
    const files = jpegs.stdout.trim().split('\n');
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/\.jpg$/);
      expect(await fileType(file)).toMatch(/^JPEG image data/);
    }
  });

  it('refuses before any request what the catalog says the model cannot take', async () => {
    const r = await runCli(official('frame-rate', clip), { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('targetFramerate');
    const gateway = await runCli(['upscale', clip, '--provider', 'openai-hk', '--base-url', `${t.sim.apiUrl}/runwayml`, '--api-key', 'x'], {
      env: env(),
    });
    expect(gateway.code).toBe(2);
    expect(gateway.stderr).toContain('has no /v1/video_upscale endpoint');
    expect(t.sim.requests().filter((req) => req.origin === 'api')).toHaveLength(0);
  });
});

describe('where they are listed', () => {
  it("runway models lists the endpoints' models, and --help puts the commands under their own heading", async () => {
    const models = await runCli(['models', '--json'], { env: env() });
    const rows = models.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { model: string; endpoints: string[] });
    for (const [model, endpoint] of [
      ['magnific_video_upscaler_creative', 'video_upscale'],
      ['enhance_frame_rate', 'video_upscale'],
      ['ruby', 'video_to_hdr'],
      ['act_two', 'character_performance'],
      ['gen4_image', 'text_to_image'],
    ]) {
      expect(rows.find((row) => row.model === model)?.endpoints, model).toEqual([endpoint]);
    }
    const help = await runCli(['--help']);
    const group = /Beyond generation[^\n]*:\n((?: {2}\S.*\n|\s{10,}.*\n)+)/.exec(help.stdout)?.[1] ?? '';
    expect([...group.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1])).toEqual(['upscale', 'frame-rate', 'hdr', 'act-two', 'image']);
  });
});

describe('tasks as inputs', () => {
  it('upscale task:<id> sends the task output URL: no download, no upload', async () => {
    const made = await runCli(official('gen4.5', '--prompt', 'a lighthouse', '--no-wait'), { env: env() });
    const taskId = made.stdout.trim();
    const r = await runCli(official('upscale', `task:${taskId}`, '--resolution', '2k'), { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(count(t.sim, '.upload')).toBe(0);
    const body = bodyOf('/v1/video_upscale')[0] as { videoUri: string };
    expect(body.videoUri.startsWith(t.sim.storageUrl)).toBe(true);
    expect(body.videoUri).toContain(taskId);
    expect(await probeCodec(r.stdout.trim())).toBe('h264');
  });

  it('a task the provider no longer has: the file saved here from it is uploaded instead', async () => {
    const made = await runCli(official('gen4.5', '--prompt', 'a lighthouse', '--json'), { env: env() });
    const taskId = (JSON.parse(made.stdout) as { taskId: string }).taskId;
    const gone = await runCli(['cancel', taskId, '--force', '--provider', 'runwayml', '--base-url', t.sim.apiUrl], { env: env() });
    expect(gone.code, gone.stderr).toBe(0);
    const r = await runCli(official('upscale', `task:${taskId}`), { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(count(t.sim, 'runwayml.upload')).toBe(1);
    expect((bodyOf('/v1/video_upscale')[0] as { videoUri: string }).videoUri).toMatch(/^runway:\/\//);
  });

  it("a bare task id the journal knows is that task's output: an image made here becomes the first frame", async () => {
    const image = await runCli(official('image', '--prompt', 'a lighthouse', '--ratio', '1280:720', '--json'), { env: env() });
    const taskId = (JSON.parse(image.stdout) as { taskId: string }).taskId;
    const r = await runCli(official('gen4', '--prompt', 'waves', '--image', taskId), { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const promptImage = (bodyOf('/v1/image_to_video')[0] as { promptImage: string }).promptImage;
    expect(promptImage).toContain(taskId);
    expect(count(t.sim, '.upload')).toBe(0);
  });
});

describe('pipelines', () => {
  // Steps long enough to be killed in the middle of.
  const slow = useSim({ keys: [testKey], runSeconds: 1.2 });
  beforeEach(() => (t = slow));
  afterEach(() => (t = fast));
  const pipeline = () =>
    official('gen4.5', '--prompt', 'a lighthouse [sim:seconds=0.2]', '--seed', '3', '--then', 'upscale:4k', '--then', 'frame-rate:60');

  it('--dry-run prints the three requests, each fed by the step before', async () => {
    const r = await runCli(
      pipeline()
        .filter((a) => a !== '-q')
        .concat('--dry-run'),
      { env: env() },
    );
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^POST /gm)).toHaveLength(3);
    expect(r.stdout).toContain('"videoUri": "<output URL of step 1>"');
    expect(r.stdout).toContain('"targetFramerate": "60"');
    expect(t.sim.requests().filter((req) => req.origin === 'api')).toHaveLength(0);
  });

  it('killed with -9 during step 2, the same command finishes it: three jobs, one create each', async () => {
    const first = startCli(pipeline(), { env: env() });
    await waitFor(() => journal().filter((r) => r.type === 'created').length >= 2, 20_000, 'step 2 created');
    first.child.kill('SIGKILL');
    await first.done;
    const again = await runCli(pipeline(), { env: env(), timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    const final = again.stdout.trim();
    expect(final).toMatch(/enhance_frame_rate-\S+\.mp4$/);
    expect(await probeCodec(final)).toBe('h264');
    expect(count(t.sim, '.create')).toBe(3);
    expect(bodyOf('/v1/text_to_video')).toHaveLength(1);
    expect(bodyOf('/v1/video_upscale').map((b) => b.model)).toEqual(['magnific_video_upscaler_creative', 'enhance_frame_rate']);
    const intents = journal().filter((r) => r.type === 'intent') as {
      intent: { model: string; batchKey: string; inputs: Record<string, string> };
    }[];
    expect(intents.map((r) => r.intent.model)).toEqual(['gen4.5', 'magnific_video_upscaler_creative', 'enhance_frame_rate']);
    expect(new Set(intents.map((r) => r.intent.batchKey.replace(/:\d+$/, ''))).size).toBe(1);
    // Each step names the task it was fed.
    const created = journal()
      .filter((r) => r.type === 'created')
      .map((r) => r.taskId as string);
    expect(intents[1]?.intent.inputs.video).toBe(`task:${created[0]}`);
    expect(intents[2]?.intent.inputs.video).toBe(`task:${created[1]}`);
    // The intermediate files are kept.
    expect(again.stderr).toBe('');
    const saved = journal()
      .filter((r) => r.type === 'downloaded')
      .map((r) => r.file as string);
    expect(saved.filter((f) => existsSync(f))).toHaveLength(3);

    const third = await runCli(
      pipeline().filter((a) => a !== '-q'),
      { env: env() },
    );
    expect(third.code).toBe(0);
    expect(third.stdout.trim()).toBe(final);
    expect(third.stderr).toContain('finished all 3 steps; nothing was sent');
    expect(count(t.sim, '.create')).toBe(3);
  });
});
