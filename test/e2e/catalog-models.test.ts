/**
 * Today's official API on the built binary, against the simulator: the catalog's models and
 * fields reach the wire exactly as given, and what the catalog refuses is refused before any
 * request, with the allowed values.
 */
import { describe, expect, it } from 'vitest';
import { lighthouse, runCli, testKey } from '../helpers/cli.js';
import { count, probeCodec, useSim } from '../helpers/sim.js';
import { officialCatalog } from '../../src/providers/official/catalog/index.js';

const t = useSim({ keys: [testKey] });
const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const on = () => ['--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--poll-interval', '0.05', '--out', t.out.path];
const creates = () => t.sim.requests().filter((r) => r.route === 'runwayml.create');

describe("today's official models from the catalog", () => {
  it('seedance2 --ratio 1920:1080 --duration auto --audio saves an mp4 and sends exactly those fields', async () => {
    const r = await runCli(
      [
        'seedance2',
        ...on(),
        '--prompt',
        'a red kite over the dunes',
        '--ratio',
        '1920:1080',
        '--duration',
        'auto',
        '--audio',
        '--seed',
        '7',
      ],
      { env: env() },
    );
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(await probeCodec(r.stdout.trim())).toBe('h264');
    expect(creates()).toHaveLength(1);
    expect(creates()[0]?.path).toBe('/v1/text_to_video');
    expect(creates()[0]?.body).toEqual({
      model: 'seedance2',
      promptText: 'a red kite over the dunes',
      ratio: '1920:1080',
      duration: 'auto',
      audio: true,
      seed: 7,
    });
  });

  it("a ratio the catalog makes optional is left to the API; a required one gets the model's first; auto has no estimate", async () => {
    const seedance = await runCli(['seedance2', ...on(), '--prompt', 'x', '--duration', 'auto', '--dry-run'], { env: env() });
    expect(seedance.code).toBe(0);
    expect(seedance.stdout).not.toMatch(/"ratio"/);
    expect(seedance.stdout).toMatch(/estimated cost: unknown \(the model chooses the length \(--duration auto\)\)/);
    const gen45 = await runCli(['gen4.5', ...on(), '--prompt', 'x', '--dry-run'], { env: env() });
    expect(gen45.stdout).toMatch(/"ratio": "1280:720"/);
  });

  it('gen4.5 text-to-video with 960:960 exits 2 with the allowed ratios and sends nothing', async () => {
    const r = await runCli(['gen4.5', ...on(), '--prompt', 'a lighthouse', '--ratio', '960:960'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Ratio 960:960 is not available for gen4.5 on runwayml text-to-video; use one of: 1280:720, 720:1280/);
    expect(t.sim.requests()).toHaveLength(0);
  });

  it('a 2,000-character prompt is taken by seedance2 (3500) and refused for gen4.5 (1000)', async () => {
    const prompt = 'a lighthouse at dusk, '.repeat(100).slice(0, 2000);
    const refused = await runCli(['gen4.5', ...on(), '--prompt', prompt, '--dry-run'], { env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/The prompt is 2000 characters; gen4.5 on runwayml allows at most 1000/);
    const taken = await runCli(['seedance2', ...on(), '--prompt', prompt, '--ratio', '1280:720', '--duration', '5'], { env: env() });
    expect(taken.code).toBe(0);
    expect(creates()).toHaveLength(1);
  });

  it('gen3 on runwayml exits 2 before any request: removed from the official API, use gen4.5', async () => {
    const r = await runCli(['gen3', ...on(), '--image', lighthouse, '--prompt', 'x'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gen3a_turbo was removed from the official API[\s\S]*Use gen4.5 instead/);
    expect(t.sim.requests()).toHaveLength(0);
  });

  // Intended change (issue 28): --param may not set a field that has a flag; the flag's value reaches the body.
  it(
    "--negative-prompt reaches veo3.1's body and --param negativePrompt is refused naming the flag; a field the model " +
      'does not have is refused naming it',
    async () => {
      const r = await runCli(
        ['veo3.1', ...on(), '--prompt', 'waves', '--ratio', '1280:720', '--duration', '4', '--negative-prompt', 'blurry'],
        { env: env() },
      );
      expect(r.code).toBe(0);
      expect(creates()[0]?.body).toMatchObject({ model: 'veo3.1', negativePrompt: 'blurry', duration: 4 });
      const owned = await runCli(['veo3.1', ...on(), '--prompt', 'waves', '--param', 'negativePrompt=blurry', '--dry-run'], { env: env() });
      expect(owned.code).toBe(2);
      expect(owned.stderr).toMatch(/--param negativePrompt sets a field the CLI owns: use --negative-prompt/);
      const bad = await runCli(['gen4.5', ...on(), '--prompt', 'waves', '--param', 'keyframes=[]', '--dry-run'], { env: env() });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/gen4.5 on text_to_video: keyframes is not a field here/);
      expect(count(t.sim, 'runwayml.create')).toBe(1);
    },
  );

  it("references go out as [{uri}] and a value outside the catalog's choices is refused with them", async () => {
    const r = await runCli(
      [
        'hailuo3',
        ...on(),
        '--prompt',
        'the cat',
        '--reference',
        lighthouse,
        '--reference',
        'https://example.com/b.png',
        '--resolution',
        '768p',
      ],
      { env: env() },
    );
    expect(r.code).toBe(0);
    const body = creates()[0]?.body as { references: { uri: string }[]; resolution: string };
    expect(body.references.map((x) => x.uri.slice(0, 22))).toEqual(['data:image/png;base64,', 'https://example.com/b.']);
    expect(body.resolution).toBe('768p');
    const bad = await runCli(['hailuo3', ...on(), '--prompt', 'the cat', '--resolution', '4k', '--dry-run'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/resolution must be one of 768p, 2k/);
  });

  it("runway models --json lists every model of the SDK's three video endpoints", async () => {
    const r = await runCli(['models', '--json'], { env: env() });
    expect(r.code).toBe(0);
    const listed = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { model: string }).model);
    const video = ['text_to_video', 'image_to_video', 'video_to_video'].flatMap(
      (e) => officialCatalog.endpoints[e]?.variants.map((m) => m.id) ?? [],
    );
    expect(new Set(video).size).toBeGreaterThanOrEqual(17);
    for (const id of video) expect(listed).toContain(id);
    expect(listed).not.toContain('gen3a_turbo');
  });
});
