/**
 * Every preset, one generate → download through --base-url against the simulator, asserting
 * the mp4 bytes and that request bodies use the seeds' field names; plus the gateway quirks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index.js';
import { Artifact } from '../../src/sim/artifact.js';
import { lighthouse, runCli, testKey } from '../helpers/cli.js';
import { resetSim, useSim } from '../helpers/sim.js';
import { seed } from '../helpers/seeds.js';

const httpsImage = 'https://example.com/cat.png';

const t = useSim({ keys: [testKey], queueSeconds: 0.05, runSeconds: 0.25, notFoundPolls: 2, renderFrames: false }, startSimulator);

const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const keysOf = (value: unknown) => Object.keys(value as object).sort();
const createBody = () => t.sim.requests().find((r) => r.route.endsWith('.create'))?.body as Record<string, any>;
const run = (preset: string, path: string, ...args: string[]) =>
  runCli([...args, '--provider', preset, '--base-url', `${t.sim.apiUrl}${path}`, '--poll-interval', '0.05', '--out', t.out.path], {
    env: env(),
  });

describe('one generate → download per preset', () => {
  const cases: [string, string, string[], () => void][] = [
    [
      'runwayml',
      '',
      ['gen4', '--image', httpsImage, '--prompt', 'wave', '--seed', '4294967295'],
      () => expect(keysOf(createBody())).toEqual(keysOf(seed('001-image-to-video-request')).filter((k) => k !== 'watermark')),
    ],
    [
      'openai-hk',
      '/runwayml',
      [
        'gen4',
        '--image',
        httpsImage,
        '--last-frame',
        httpsImage,
        '--prompt',
        'wave',
        '--seed',
        '4294967295',
        '--ratio',
        '960:960',
        '--no-watermark',
      ],
      () => {
        expect(keysOf(createBody())).toEqual(keysOf(seed('001-image-to-video-request')));
        expect(createBody().promptImage).toEqual([
          { uri: httpsImage, position: 'first' },
          { uri: httpsImage, position: 'last' },
        ]);
      },
    ],
    [
      'anyapi',
      '/anyapi/runwayml',
      ['gen4', '--image', httpsImage, '--prompt', 'cat dance', '--ratio', '1280:720'],
      () => expect(createBody()).toMatchObject({ model: 'gen4_turbo', promptImage: httpsImage, promptText: 'cat dance' }),
    ],
    [
      'cometapi',
      '/comet',
      [
        'gen4',
        '--prompt',
        'a cat',
        '--ratio',
        '16:9',
        '--style',
        'cinematic',
        '--duration',
        '10',
        '--camera',
        'x=0,y=0.3999999999999999,z=0,r=-6',
      ],
      () => {
        const example = seed('004-generate-request');
        expect(keysOf(createBody())).toEqual(keysOf(example));
        expect(keysOf(createBody().options)).toEqual(keysOf(example.options));
        expect(createBody().options.motion_vector).toEqual(example.options.motion_vector);
        expect(createBody().callback_url).toBe('https://callback.runway-cli.invalid/unused');
      },
    ],
    ['openai-hk-legacy', '/runway', ['gen3', '--prompt', 'night alley'], () => expect(createBody().taskType).toBe('europa')],
    [
      'openai-core',
      '/runway/v2',
      ['gen3-turbo', '--image', lighthouse, '--prompt', 'boom'],
      () => expect(keysOf(createBody().options)).toEqual(keysOf(seed('002-gen3a-turbo-create-request').options)),
    ],
  ];

  for (const [preset, path, args, checkBody] of cases) {
    it(preset, async () => {
      const r = await run(preset, path, ...args);
      expect(r.stderr).not.toMatch(/error:/);
      expect(r.code).toBe(0);
      // The simulator's clip lasts as long as the task it was made for.
      const task = t.sim.context.store.all().at(-1);
      expect(readFileSync(r.stdout.trim()).equals(new Artifact(undefined, task?.duration).bytes())).toBe(true);
      checkBody();
    });
  }
});

describe('gateway quirks', () => {
  it('openai-hk: --webhook → notify_hook, --watermark, gen4_turbo 10 s', async () => {
    const r = await run(
      'openai-hk',
      '/runwayml',
      'gen4',
      '--image',
      httpsImage,
      '--prompt',
      'x',
      '--webhook',
      'https://example.com/hook',
      '--watermark',
      '--duration',
      '10',
      '--ratio',
      '1584:672',
    );
    expect(r.code).toBe(0);
    expect(createBody()).toMatchObject({ notify_hook: 'https://example.com/hook', watermark: true, duration: 10, ratio: '1584:672' });
  });

  it('openai-hk only offers its two models; durations 5|10', async () => {
    const r = await run('openai-hk', '/runwayml', 'gen4', '--image', httpsImage, '--prompt', 'x', '--duration', '7');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/use one of: 5, 10/);
    const veo = await run('openai-hk', '/runwayml', 'veo3', '--prompt', 'x');
    expect(veo.code).toBe(2);
    expect(veo.stderr).toMatch(/Unknown model "veo3" for openai-hk[\s\S]*openai-hk offers: gen4_turbo, gen3a_turbo/);
  });

  it('anyapi: every create envelope of seed 003 is understood', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await run('anyapi', '/anyapi/runwayml', 'gen4', '--image', httpsImage, '--prompt', `envelope ${i}`);
      expect(r.code).toBe(0);
    }
  });

  it('a wrapped official task ({code:"success", data:{…}}) is unwrapped', async () => {
    const r = await run('openai-hk', '/wrapped/runwayml', 'gen4', '--image', httpsImage, '--prompt', 'x', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('succeeded');
  });

  it('cometapi feed shape (b) with percent progress', async () => {
    const r = await run('cometapi', '/comet-wrapper', 'gen4', '--prompt', 'a cat', '--image', httpsImage, '--end-frame');
    expect(r.code).toBe(0);
    expect(createBody()).toMatchObject({ image: httpsImage, options: { image_as_end_frame: true } });
    expect(r.stderr).toMatch(/task \w{8} running \d+%/);
  });

  it('cometapi: progress lines use our state words, never the raw feed codes ("2", "SUCCESS")', async () => {
    for (const path of ['/comet-digits', '/comet-wrapper']) {
      const r = await run('cometapi', path, 'gen4', '--prompt', 'a cat');
      expect(r.code).toBe(0);
      const states = [...r.stderr.matchAll(/task \w{8} (?!created|download)(.+?) \(\d+s\)/g)].map((m) => m[1]);
      expect(states.at(-1)).toBe('succeeded');
      for (const state of states) expect(state).toMatch(/^(queued|running|running \d+%|succeeded)$/);
    }
  });

  it('cometapi: failures in both feed shapes map to exit 6 / 5', async () => {
    expect((await run('cometapi', '/comet-digits', 'gen4', '--prompt', '[sim:moderation]')).code).toBe(6);
    expect((await run('cometapi', '/comet-wrapper', 'gen4', '--prompt', '[sim:fail]')).code).toBe(5);
  });

  it('cometapi: a create answered with a non-200 code is an API error showing msg, and nothing was created', async () => {
    const r = await run('cometapi', '/comet', 'gen4', '--prompt', 'x [sim:refuse=callback_url_empty]');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/The gateway refused the task \(code 400\): callback_url_empty/);
    const list = JSON.parse((await runCli(['list', '--json'], { env: env() })).stdout);
    expect(list.state).toBe('not-created');
  });

  it('task_not_exist right after create is retried, not fatal (notFoundPolls=2 on every gateway)', async () => {
    for (const [preset, path] of [
      ['openai-hk', '/runwayml'],
      ['cometapi', '/comet'],
      ['openai-core', '/runway/v2'],
    ] as const) {
      resetSim(t.sim);
      const r = await run(
        preset,
        path,
        preset === 'openai-core' ? 'gen3' : 'gen4',
        '--prompt',
        'x',
        ...(preset === 'openai-hk' ? ['--image', httpsImage] : []),
      );
      expect(r.code, preset).toBe(0);
      expect(Object.entries(t.sim.stats().counts).find(([k]) => k.endsWith('.task'))?.[1]).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('runway providers', () => {
  it('prints the table with protocol, base URL, models and features', async () => {
    const r = await runCli(['providers'], { env: env() });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PROVIDER\s+PROTOCOL\s+BASE URL\s+MODELS\s+T2V\s+I2V\s+FIRST\+LAST\s+V2V\s+EXTEND\s+UPLOAD\s+WEBHOOK$/);
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.split(/\s+/);
    expect(lines.find((l) => l.startsWith('runwayml '))).toMatch(
      /^runwayml +official +https:\/\/api\.dev\.runwayml\.com +17 \(runway models\) +yes +yes +yes +yes +- +yes +-$/,
    );
    expect(row('openai-hk')).toEqual([
      'openai-hk',
      'official',
      'https://api.openai-hk.com/runwayml',
      'gen4_turbo,gen3a_turbo',
      '-',
      'yes',
      'yes',
      '-',
      '-',
      '-',
      'yes',
    ]);
    expect(row('anyapi')).toEqual([
      'anyapi',
      'official',
      'https://www.anyapi.vip/runwayml',
      'gen4_turbo,gen3a_turbo',
      '-',
      'yes',
      'yes',
      '-',
      '-',
      '-',
      '-',
    ]);
    expect(row('openai-hk-legacy')).toEqual([
      'openai-hk-legacy',
      'web-tasks',
      'https://api.openai-hk.com/runway',
      'gen2,gen3,gen3a_turbo',
      'yes',
      'yes',
      '-',
      'yes',
      'yes',
      'yes',
      'yes',
    ]);
    expect(row('openai-core')).toEqual([
      'openai-core',
      'web-tasks',
      'https://api.openai-core.com/runway/v2',
      'gen2,gen3,gen3a_turbo',
      'yes',
      'yes',
      '-',
      'yes',
      'yes',
      'yes',
      'yes',
    ]);
    expect(row('cometapi')).toEqual([
      'cometapi',
      'pro-feed',
      'https://api.cometapi.com',
      'gen4,gen3,gen2',
      'yes',
      'yes',
      '-',
      '-',
      '-',
      '-',
      'yes',
    ]);
  });

  it('--json has the same data', async () => {
    const rows = JSON.parse((await runCli(['providers', '--json'], { env: env() })).stdout);
    expect(rows.map((p: { name: string }) => p.name)).toEqual([
      'runwayml',
      'openai-hk',
      'anyapi',
      'openai-hk-legacy',
      'openai-core',
      'cometapi',
      'sim',
    ]);
    expect(rows.find((p: { name: string }) => p.name === 'cometapi')).toMatchObject({
      protocol: 'pro-feed',
      imageToVideo: true,
      upload: false,
      extend: false,
    });
  });
});
