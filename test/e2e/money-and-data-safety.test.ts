/**
 * Issue 28, probed as a hostile user would: each case spent more than the CLI said, paid twice,
 * destroyed a file, built a film from the wrong shots, hung or crashed. Each test here failed
 * before its fix; the money cases count creates at the simulator.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lighthouse, runCli, startCli, tempDir, testKey, waitFor } from '../helpers/cli.js';
import { count, useSim } from '../helpers/sim.js';
import { seconds } from '../helpers/media.js';

const t = useSim({ keys: [testKey] });
const env = (state = t.state.path, extra: Record<string, string> = {}) => ({ RUNWAY_CONFIG_DIR: state, RUNWAY_API_KEY: testKey, ...extra });
const on = () => ['--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--poll-interval', '0.05'];
const creates = () => count(t.sim, 'runwayml.create');
const sample = new URL('../../src/sim/fixtures/sample.mp4', import.meta.url);

function write(name: string, content: string | Buffer): string {
  const file = join(t.out.path, name);
  writeFileSync(file, content);
  return file;
}

const jsonl = (name: string, lines: object[]) => write(name, lines.map((l) => JSON.stringify(l)).join('\n'));

/** A real clip made by ffmpeg (moov first, so a cut end cuts its mdat); `audio` adds a tone. */
function clip(name: string, options: { audio?: boolean; seconds?: number } = {}): string {
  const file = join(t.out.path, name);
  const audio = options.audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100'] : [];
  const codec = options.audio ? ['-c:a', 'aac', '-shortest'] : [];
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x180:rate=12',
    ...audio,
    '-t',
    String(options.seconds ?? 1),
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    ...codec,
    '-movflags',
    '+faststart',
    '-y',
    file,
  ]);
  return file;
}

async function made(args: string[]): Promise<{ taskId: string; file: string }> {
  const r = await runCli([...args, ...on(), '--out', t.out.path, '--json', '-q'], { env: env() });
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout.trim().split('\n')[0] as string) as { taskId: string; outputs: { file: string }[] };
  return { taskId: json.taskId, file: json.outputs[0]?.file as string };
}

describe('money: --param never overrides what a flag owns', () => {
  it(
    "naming a flag's field exits 2 naming the flag, with zero requests, in generate, a shortcut, an endpoint command and " + 'a batch line',
    async () => {
      const video = clip('in.mp4');
      const cases = [
        {
          args: [
            'gen4',
            '-p',
            'x',
            '--image',
            lighthouse,
            '--param',
            'model=veo3.1',
            '--param',
            'duration=8',
            '--max-credits',
            '30',
            '--json',
          ],
          flags: [/--param model .*use --model/, /--param duration .*use --duration/],
        },
        { args: ['generate', '-m', 'gen4.5', '-p', 'x', '--param', 'duration=60'], flags: [/use --duration/] },
        {
          args: ['gen4.5', '-p', 'x', '--param', 'seed=-1', '--param', '__proto__=1'],
          flags: [/--param seed .*use --seed/, /--param __proto__ is not an API field/],
        },
        { args: ['upscale', video, '--param', 'resolution=4k'], flags: [/--param resolution .*use --resolution/] },
      ];
      for (const c of cases) {
        const r = await runCli([...c.args, ...on()], { env: env() });
        expect(r.code, r.stderr).toBe(2);
        for (const flag of c.flags) expect(r.stderr).toMatch(flag);
      }
      const batch = jsonl('params.jsonl', [
        { model: 'gen4.5', prompt: 'a', params: { model: 'veo3.1' } },
        { model: 'gen4.5', prompt: 'b', params: { __proto__: 1, promptText: 'other' } },
      ]);
      const r = await runCli(['batch', batch, ...on()], { env: env() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/params\.jsonl:1: --param model sets a field the CLI owns: use --model/);
      expect(r.stderr).toMatch(/params\.jsonl:2: .*--param promptText .*use --prompt/);
      expect(t.sim.requests()).toHaveLength(0);
    },
  );

  it('runway image -m <a video model> and image without a prompt exit 2 listing what image takes, nothing sent', async () => {
    const video = await runCli(['image', '-m', 'gen4.5', '-p', 'x', ...on()], { env: env() });
    expect(video.code).toBe(2);
    expect(video.stderr).toMatch(
      /gen4.5 is a model of text_to_video, image_to_video, not of \/v1\/text_to_image: `runway image` takes gen4_image_turbo, gen4_image/,
    );
    const bare = await runCli(['image', ...on()], { env: env() });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/An image needs a prompt/);
    expect(bare.stderr).not.toMatch(/Text-to-video/);
    expect(t.sim.requests()).toHaveLength(0);
  });
});

describe('money: inputs of the wrong kind are refused before the first create', () => {
  it(
    'extend of a still image, a PNG named .mp4, a text file, a cut or empty clip, a missing path or a folder: exit 2, ' +
      'zero requests, no stack',
    async () => {
      const text = write('notes.mp4', 'just some text, not a video at all');
      const cut = write('cut.mp4', readFileSync(sample).subarray(0, 4000));
      const empty = write('empty.mp4', '');
      const renamed = write('still.mp4', readFileSync(lighthouse));
      const folder = join(t.out.path, 'adir');
      mkdirSync(folder);
      const cases: [string, RegExp][] = [
        [lighthouse, /is not an MP4, MOV or WebM video \(its content is image\/png\)/],
        [renamed, /is not an MP4, MOV or WebM video/],
        [text, /is not an MP4, MOV or WebM video/],
        [cut, /is not a usable video: .*truncated/],
        [empty, /is empty/],
        [join(t.out.path, 'nope.mp4'), /nope\.mp4: no such file/],
        [folder, /that is a directory/],
      ];
      for (const [source, message] of cases) {
        const r = await runCli(['extend', source, '-p', 'x', ...on()], { env: env() });
        expect(r.code, `${source}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
      }
      expect(t.sim.requests()).toHaveLength(0);
    },
  );

  it(
    'task:<image task> where a video goes (upscale, hdr, act-two --reference) and task:<video task> where an image goes: ' +
      'exit 2 and no new create',
    async () => {
      const image = await made(['image', '-p', 'a lighthouse', '--ratio', '1920:1080']);
      const video = await made(['gen4.5', '-p', 'a boat', '--duration', '2']);
      const before = creates();
      const cases: [string[], RegExp][] = [
        [['upscale', `task:${image.taskId}`], /task:.* is an image, but .* takes a video/],
        [['hdr', `task:${image.taskId}`], /is an image, but/],
        [['act-two', '--character', lighthouse, '--reference', `task:${image.taskId}`], /is an image, but --video takes a video/],
        [['gen4', '-p', 'x', '--image', `task:${video.taskId}`], /--image task:.* is a video, but --image takes an image/],
      ];
      for (const [args, message] of cases) {
        const r = await runCli([...args, ...on()], { env: env() });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
      }
      // A machine whose journal never saw the task asks the provider once (its output's name tells).
      const elsewhere = tempDir();
      try {
        const r = await runCli(['upscale', `task:${image.taskId}`, ...on()], { env: env(elsewhere.path) });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/is an image, but/);
      } finally {
        elsewhere.cleanup();
      }
      expect(creates()).toBe(before);
    },
  );

  it('story --crossfade longer than a shot exits 2 before any shot is paid for', async () => {
    const board = jsonl('short.jsonl', [
      { id: 'a', model: 'gen4.5', prompt: 'one', duration: 2 },
      { id: 'b', model: 'gen4.5', prompt: 'two', duration: 2 },
    ]);
    const r = await runCli(['story', board, ...on(), '--out', t.out.path, '--crossfade', '5'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--crossfade 5 is not shorter than .*short\.jsonl:1 \(2 s\)/);
    expect(creates()).toBe(0);
  });
});

describe('money: a runner killed right after its creates', () => {
  it('leaves every created task id in the exported state, so its replacement pays for none again', async () => {
    const batch = jsonl(
      'three.jsonl',
      [1, 2, 3].map((n) => ({ id: `j${n}`, model: 'gen4.5', prompt: `job ${n} [sim:seconds=30]` })),
    );
    const state = join(t.out.path, 'state.jsonl');
    const runner = startCli(['batch', batch, ...on(), '--out', t.out.path, '--export-state', state], { env: env() });
    // Each task is being polled: the batch has gone on with every id it was given.
    await waitFor(
      () =>
        new Set(
          t.sim
            .requests()
            .filter((r) => r.route === 'runwayml.task')
            .map((r) => r.path),
        ).size === 3,
      15_000,
      'three tasks polled',
    );
    runner.child.kill('SIGKILL');
    await runner.done;
    expect(readFileSync(state, 'utf8').match(/"type":"created"/g)?.length).toBe(3);
    const replacement = tempDir();
    try {
      expect((await runCli(['state', 'import', state], { env: env(replacement.path) })).code).toBe(0);
      await runCli(['batch', batch, ...on(), '--out', t.out.path, '--timeout', '0.01'], { env: env(replacement.path) });
      expect(creates()).toBe(3);
    } finally {
      replacement.cleanup();
    }
  });
});

describe('money: storyboards', () => {
  it("shots are what they ask for: a storyboard reusing another's ids makes its own clips", async () => {
    const cars = jsonl('cars.jsonl', [
      { id: 'intro', model: 'gen4.5', prompt: 'cars at dawn', duration: 2 },
      { id: 'outro', model: 'gen4.5', prompt: 'cars at dusk', duration: 2 },
    ]);
    const whales = jsonl('whales.jsonl', [
      { id: 'intro', model: 'gen4.5', prompt: 'whales at dawn', duration: 2 },
      { id: 'outro', model: 'gen4.5', prompt: 'whales at dusk', duration: 2 },
    ]);
    const carFilm = await runCli(['story', cars, ...on(), '--out', t.out.path, '--json', '-q'], { env: env() });
    expect(carFilm.code, carFilm.stderr).toBe(0);
    const whaleFilm = await runCli(['story', whales, ...on(), '--out', t.out.path, '--json', '-q'], { env: env() });
    expect(whaleFilm.code, whaleFilm.stderr).toBe(0);
    expect(creates()).toBe(4);
    const prompts = t.sim
      .requests()
      .filter((r) => r.route === 'runwayml.create')
      .map((r) => (r.body as { promptText: string }).promptText);
    // The two scenes are made at once: their creates come in either order.
    expect(prompts.slice(2).sort()).toEqual(['whales at dawn', 'whales at dusk']);
    const shots = (out: string) => (JSON.parse(out) as { shots: { taskId: string }[] }).shots.map((s) => s.taskId);
    expect(shots(whaleFilm.stdout)).not.toEqual(shots(carFilm.stdout));
  });

  it('a failed shot is made again with --retry-failed, and a shot whose prompt was edited is a new shot', async () => {
    const lines = (second: string) => [
      { id: 'a', model: 'gen4.5', prompt: 'one', duration: 2 },
      { id: 'b', model: 'gen4.5', prompt: second, duration: 2 },
    ];
    const board = jsonl('board.jsonl', lines('two [sim:fail]'));
    const first = await runCli(['story', board, ...on(), '--out', t.out.path], { env: env() });
    expect(first.code).toBe(5);
    const retried = await runCli(['story', board, ...on(), '--out', t.out.path, '--retry-failed'], { env: env() });
    expect(retried.code).toBe(5);
    expect(creates()).toBe(3);
    jsonl('board.jsonl', lines('two'));
    const edited = await runCli(['story', board, ...on(), '--out', t.out.path], { env: env() });
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout.trim()).toMatch(/board\.mp4$/);
    expect(creates()).toBe(4);
  });
});

describe('data: report merge', () => {
  async function shardReports(): Promise<string[]> {
    const batch = jsonl(
      'jobs.jsonl',
      [1, 2, 3, 4, 5, 6].map((n) => ({ id: `j${n}`, model: 'gen4.5', prompt: `p${n}`, duration: 2 })),
    );
    const reports = ['1/3', '2/3', '3/3'].map((shard) => join(t.out.path, `report-${shard[0]}.json`));
    for (const [i, report] of reports.entries()) {
      const r = await runCli(['batch', batch, ...on(), '--shard', `${i + 1}/3`, '--out', t.out.path, '--report', report], { env: env() });
      expect(r.code, r.stderr).toBe(0);
    }
    return reports;
  }

  it(
    'an output that is an input is refused and left whole; missing shards are named; a report whose jobs are not a list ' + 'is refused',
    async () => {
      const [r1, r2, r3] = (await shardReports()) as [string, string, string];
      const before = readFileSync(r1);
      const onto = await runCli(['report', 'merge', r1, r2, '-o', r1], { env: env() });
      expect(onto.code).toBe(2);
      expect(onto.stderr).toMatch(/-o .*report-1\.json: that is also an input/);
      expect(readFileSync(r1).equals(before)).toBe(true);

      const partial = await runCli(['report', 'merge', r1, r2, '-o', join(t.out.path, 'all.json')], { env: env() });
      expect(partial.code).toBe(2);
      expect(partial.stderr).toMatch(/No report was given for shard 3\/3/);
      expect(existsSync(join(t.out.path, 'all.json'))).toBe(false);
      const one = await runCli(['report', 'merge', r2], { env: env() });
      expect(one.code).toBe(2);
      expect(one.stderr).toMatch(/shard 1\/3, 3\/3/);
      const allowed = await runCli(['report', 'merge', r1, r2, '--allow-partial', '-o', join(t.out.path, 'some.json')], { env: env() });
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toMatch(/partial: no report for shard 3\/3/);

      const forged = write('forged.json', JSON.stringify({ ...JSON.parse(readFileSync(r3, 'utf8')), jobs: 'none' }));
      const bad = await runCli(['report', 'merge', r1, r2, forged], { env: env() });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/forged\.json says it has \d+ jobs but lists 0/);

      const folder = join(t.out.path, 'adir');
      mkdirSync(folder);
      const junit = await runCli(['report', 'merge', r1, r2, r3, '--junit', folder], { env: env() });
      expect(junit.code).toBe(2);
      expect(junit.stderr).toMatch(/--junit .*adir: that is a directory/);
      const nested = await runCli(['report', 'merge', r1, r2, r3, '-o', join(t.out.path, 'new', 'dir', 'all.json')], { env: env() });
      expect(nested.code).toBe(0);
      expect((JSON.parse(readFileSync(join(t.out.path, 'new', 'dir', 'all.json'), 'utf8')) as { total: number }).total).toBe(6);
    },
  );
});

describe('data: state files from elsewhere', () => {
  it("imported jobs save under this run's folder, never the other machine's absolute one", async () => {
    const other = tempDir();
    const foreign = join(t.out.path, 'their-runner', 'renders');
    try {
      const created = await runCli(['gen4.5', '-p', 'elsewhere [sim:seconds=0.5]', ...on(), '--out', foreign, '--no-wait'], {
        env: env(other.path),
      });
      expect(created.code, created.stderr).toBe(0);
      const state = join(t.out.path, 'state.jsonl');
      expect((await runCli(['state', 'export', '-o', state], { env: env(other.path) })).code).toBe(0);
      const mine = join(t.out.path, 'mine');
      const imported = await runCli(['state', 'import', state, '--out', mine], { env: env() });
      expect(imported.code, imported.stderr).toBe(0);
      const watched = await runCli(['watch', '--pending', '--poll-interval', '0.05'], { env: env() });
      expect(watched.code, watched.stderr).toBe(0);
      expect(readdirSync(mine).filter((f) => f.endsWith('.mp4'))).toHaveLength(1);
      expect(existsSync(foreign)).toBe(false);
    } finally {
      other.cleanup();
    }
  });

  it('every record is checked before anything is imported: crafted, foreign-host and prototype records import nothing', async () => {
    const header = JSON.stringify({ runwayState: 1 });
    const intent = {
      provider: 'runwayml',
      baseUrl: t.sim.apiUrl,
      protocol: 'official',
      model: 'gen4.5',
      inputs: {},
      outDir: '/elsewhere',
      command: [],
    };
    const files: [string, object, RegExp][] = [
      [
        'empty-intent',
        { type: 'intent', job: 'x1', at: '2026-12-01T00:00:00Z', intent: {} },
        /:2: not a journal record \(intent\.provider/,
      ],
      [
        'command-only',
        { type: 'intent', job: 'x2', at: '2026-12-01T00:00:00Z', intent: { command: [] }, taskId: 'abc' },
        /:2: not a journal record/,
      ],
      [
        'proto-job',
        { type: 'intent', job: '__proto__', at: '2026-12-01T00:00:00Z', intent },
        /:2: not a journal record \(job is not a job id\)/,
      ],
      [
        'evil-host',
        { type: 'intent', job: 'x3', at: '2026-12-01T00:00:00Z', intent: { ...intent, baseUrl: 'https://evil.example' }, taskId: 'abc' },
        /created at https:\/\/evil\.example, which is not where runwayml points here/,
      ],
    ];
    for (const [name, record, message] of files) {
      const file = write(`${name}.jsonl`, `${header}\n${JSON.stringify(record)}\n`);
      const r = await runCli(['state', 'import', file], { env: env() });
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error/);
    }
    const list = await runCli(['list', '--json'], { env: env() });
    expect(list.stdout.trim()).toBe('');
    const notBatch = await runCli(['state', 'export', '--batch', lighthouse, '-o', join(t.out.path, 's.jsonl')], { env: env() });
    expect(notBatch.code).toBe(2);
    expect(notBatch.stderr).toMatch(/it is not a batch file runway can read/);
    expect(t.sim.requests()).toHaveLength(0);
  });
});

describe('data: re-runs find what they made', () => {
  it("extend, story and --then run again with a relative --out place nothing twice; a dead process's .part is removed", async () => {
    const work = t.out.path;
    const source = await made(['gen4.5', '-p', 'a boat', '--duration', '2']);
    const rel = ['--out', 'o'];
    const runs = [
      ['extend', source.file, '-p', 'on', '--duration', '2', ...rel],
      [
        'story',
        jsonl('s.jsonl', [
          { id: 'a', model: 'gen4.5', prompt: 'one', duration: 2 },
          { id: 'b', model: 'gen4.5', prompt: 'two', duration: 2, continue: true },
        ]),
        ...rel,
      ],
      ['gen4.5', '-p', 'steps', '--duration', '2', '--then', 'upscale:4k', ...rel],
    ];
    // A join that a kill -9 interrupted, by a process that is gone.
    const dead = spawnSync('true').pid;
    mkdirSync(join(work, 'o'));
    const stale = join(work, 'o', `s.mp4.${dead}.part`);
    writeFileSync(stale, 'half a film');
    for (const args of runs) {
      for (let i = 0; i < 2; i++) {
        const r = await runCli([...args, ...on()], { env: env(), cwd: work });
        expect(r.code, r.stderr).toBe(0);
      }
    }
    const files = readdirSync(join(work, 'o'));
    // A copy placed again is named like a file already there with a -N suffix (a task id's prefix may be all digits itself).
    const again = files.filter((f) => {
      const named = /^(.*)-\d+\.mp4$/.exec(f);
      return named !== null && files.includes(`${named[1]}.mp4`);
    });
    expect(again).toEqual([]);
    expect(existsSync(stale)).toBe(false);
    expect(creates()).toBe(1 + 1 + 2 + 2);
  });
});

describe('hangs and internal errors', () => {
  it(
    'stitch: "-" as a clip, a missing FFMPEG_PATH, one that is not ffmpeg, an output that is a folder or under a file: ' + 'exit 2 in time',
    async () => {
      const a = clip('a.mp4');
      const b = clip('b.mp4');
      const folder = join(t.out.path, 'adir');
      mkdirSync(folder);
      const afile = write('afile', 'x');
      const cases: [string[], Record<string, string>, RegExp][] = [
        [['stitch', a, '-', '-o', join(t.out.path, 'f.mp4')], {}, /clip -: no such file/],
        [
          ['stitch', a, b, '-o', join(t.out.path, 'f.mp4')],
          { FFMPEG_PATH: '/nonexistent' },
          /FFMPEG_PATH=\/nonexistent is not an executable file/,
        ],
        [
          ['stitch', a, b, '-o', join(t.out.path, 'f.mp4')],
          { FFMPEG_PATH: '/bin/true' },
          /FFMPEG_PATH=\/bin\/true does not answer `-version` as ffmpeg does/,
        ],
        [['extend', a, '-p', 'x', ...on()], { FFMPEG_PATH: '/nonexistent' }, /FFMPEG_PATH=\/nonexistent/],
        [['stitch', a, b, '-o', folder], {}, /-o .*adir: that is a directory/],
        [['stitch', a, b, '-o', join(afile, 'f.mp4')], {}, /part of the path is a file/],
      ];
      for (const [args, extra, message] of cases) {
        const r = await runCli(args, { env: env(t.state.path, extra), timeoutMs: 10_000 });
        expect(r.signal, args.join(' ')).toBeNull();
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
      }
      const film = await runCli(['story', jsonl('f.jsonl', [{ model: 'gen4.5', prompt: 'x', duration: 2 }]), ...on(), '--film', folder], {
        env: env(),
      });
      expect(film.code).toBe(2);
      expect(film.stderr).toMatch(/--film .*adir: that is a directory/);
      expect(creates()).toBe(0);
    },
  );

  it('stitch onto a full disk exits 8; a clip whose name has a newline joins by copying, nothing read as syntax', async () => {
    const a = clip('a.mp4');
    const odd = join(t.out.path, "it's\nodd.mp4");
    writeFileSync(odd, readFileSync(a));
    const joined = await runCli(['stitch', a, odd, '-o', join(t.out.path, 'joined.mp4'), '--json'], { env: env() });
    expect(joined.code, joined.stderr).toBe(0);
    expect(JSON.parse(joined.stdout)).toMatchObject({ mode: 'copied', clips: 2 });
    expect(await seconds(join(t.out.path, 'joined.mp4'))).toBeCloseTo(2, 1);
    // An ffmpeg whose disk fills up (it says so as ffmpeg does).
    const full = write(
      'full-ffmpeg',
      '#!/bin/sh\n[ "$1" = -version ] && { echo "ffmpeg version 9"; exit 0; }\necho "Error writing trailer: No space left ' +
        'on device" >&2\nexit 1\n',
    );
    chmodSync(full, 0o755);
    const r = await runCli(['stitch', a, odd, '-o', join(t.out.path, 'full.mp4')], { env: env(t.state.path, { FFMPEG_PATH: full }) });
    expect(r.code, r.stderr).toBe(8);
    expect(r.stderr).toMatch(/the disk is full/);
    expect(readdirSync(t.out.path).filter((f) => f.startsWith('full.mp4'))).toEqual([]);
  });

  it('stitch keeps sound (silence for a silent clip), re-encodes clips turned differently, refuses a PNG or a cut mdat', async () => {
    const loud = clip('loud.mp4', { audio: true, seconds: 2 });
    const quiet = clip('quiet.mp4', { seconds: 2 });
    const out = join(t.out.path, 'sound.mp4');
    expect((await runCli(['stitch', loud, quiet, '-o', out], { env: env() })).code).toBe(0);
    const audio = execFileSync('ffprobe', [
      '-v',
      'error',
      '-select_streams',
      'a',
      '-show_entries',
      'stream=duration',
      '-of',
      'csv=p=0',
      out,
    ])
      .toString()
      .trim();
    expect(Number(audio)).toBeGreaterThan(3.9);

    // The same clip, shown a quarter turn: everything but the turn matches, so only the turn can ask for re-encoding.
    const rotated = join(t.out.path, 'rotated.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-i', quiet, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', '-y', rotated]);
    const turned = await runCli(['stitch', quiet, rotated, '-o', join(t.out.path, 'turned.mp4'), '--json'], { env: env() });
    expect(turned.code, turned.stderr).toBe(0);
    expect(JSON.parse(turned.stdout)).toMatchObject({ mode: 're-encoded' });

    const png = await runCli(['stitch', quiet, lighthouse, '-o', join(t.out.path, 'x.mp4')], { env: env() });
    expect(png.code).toBe(2);
    expect(png.stderr).toMatch(/is not an MP4, MOV or WebM video/);
    const cut = write('cut.mp4', readFileSync(quiet).subarray(0, readFileSync(quiet).length - 500));
    const truncated = await runCli(['stitch', quiet, cut, '-o', join(t.out.path, 'x.mp4')], { env: env() });
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/mdat.*truncated/);
  });

  it('--frame-url-command that never returns is stopped at --frame-url-timeout with everything it started', async () => {
    const a = clip('a.mp4');
    const started = Date.now();
    const r = await runCli(
      [
        'extend',
        a,
        '-p',
        'x',
        '--duration',
        '5',
        '--provider',
        'cometapi',
        '--base-url',
        t.sim.urlFor('cometapi'),
        '--frame-url-command',
        'sleep 300',
        '--frame-url-timeout',
        '1',
        '--out',
        t.out.path,
      ],
      {
        env: env(t.state.path, { COMETAPI_KEY: testKey }),
        timeoutMs: 10_000,
      },
    );
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--frame-url-command did not finish within 1 s/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(count(t.sim, '.create')).toBe(0);
  });
});
