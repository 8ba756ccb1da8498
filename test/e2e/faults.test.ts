/**
 * Fault scripts against the built binary. For every fault and combination the CLI either
 * finishes with a byte-identical mp4 from exactly one created task, or exits with the
 * documented code with the attempt recorded in the journal — never a short file, never two tasks.
 */
import { readFileSync, readdirSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { Artifact } from '../../src/sim/artifact.js';
import { lighthouse, runCli, tempDir, testKey } from '../helpers/cli.js';
import { count, fastSim, resetSim, storageRequests } from '../helpers/sim.js';

let sim: Simulator;
let state: ReturnType<typeof tempDir>;
let out: ReturnType<typeof tempDir>;
let tasksBefore = 0;
const size = 2 * 1024 * 1024;
// gen4's default 5 s: the simulator's clip lasts as long as the task.
const expected = new Artifact(size, 5).bytes();

beforeAll(async () => {
  sim = await fastSim({ keys: [testKey], artifactBytes: size, notFoundPolls: 0 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  state = tempDir();
  out = tempDir();
  tasksBefore = sim.context.store.all().length;
});
afterEach(() => {
  state.cleanup();
  out.cleanup();
});

const env = () => ({ RUNWAY_CONFIG_DIR: state.path, RUNWAY_API_KEY: testKey });
const tasksCreated = () => sim.context.store.all().length - tasksBefore;

const fastClock = { RUNWAY_TIME_SCALE: '10' };

function generate(provider = 'runwayml', ...extra: string[]) {
  return generateWith({}, provider, ...extra);
}

function generateWith(extraEnv: Record<string, string>, provider = 'runwayml', ...extra: string[]) {
  const image = provider === 'cometapi' ? 'https://example.com/a.png' : lighthouse;
  return runCli(
    [
      'gen4',
      '--provider',
      provider,
      '--base-url',
      sim.urlFor(provider),
      '--prompt',
      'faulty',
      '--image',
      image,
      '--poll-interval',
      '0.05',
      '--out',
      out.path,
      ...extra,
    ],
    { env: { ...env(), ...extraEnv } },
  );
}

function savedFiles(): string[] {
  return readdirSync(out.path).filter((f) => f.endsWith('.mp4'));
}

function expectIdenticalFile(stdout: string): void {
  const file = stdout.trim();
  expect(readFileSync(file).equals(expected)).toBe(true);
  expect(readdirSync(out.path).filter((f) => f.endsWith('.part'))).toEqual([]);
}

const recovers: [string, string, (() => void)?][] = [
  ['create:503x2', 'retries a create the server refused with 503', () => expect(count(sim, 'runwayml.create')).toBe(3)],
  [
    'create:429@retry-after-ms=100',
    'retries a rate-limited create after retry-after-ms',
    () => expect(count(sim, 'runwayml.create')).toBe(2),
  ],
  ['poll:429@retry-after=1', 'waits Retry-After seconds on a rate-limited poll', undefined],
  ['poll:reset', 'retries a poll whose connection was reset', undefined],
  ['poll:500x3', 'retries polls that answer 500', undefined],
  ['poll:html', 'retries a poll that got an HTML 502 page', undefined],
  [
    'download:cut@40%',
    'resumes a cut download with Range from where it stopped',
    () => expect(storageRequests(sim).some((r) => /^bytes=\d+-$/.test(r.range ?? ''))).toBe(true),
  ],
  [
    'download:403-once',
    'fetches fresh links when storage says the link expired',
    () => expect(count(sim, 'runwayml.task')).toBeGreaterThanOrEqual(2),
  ],
  [
    'download:404-once',
    'fetches fresh links when storage says the file is not there',
    () => expect(count(sim, 'runwayml.task')).toBeGreaterThanOrEqual(2),
  ],
  ['download:500x2', 'retries storage 500s', undefined],
  ['download:cut@30%,download:bad-range', 'restarts when a resume comes back from the wrong offset', undefined],
  ['download:cut@30%,download:no-range', 'restarts when the server ignores Range', undefined],
  ['download:cut@10%,download:cut@50%,download:cut@90%', 'survives several cuts in a row', undefined],
  ['create:503x2,poll:reset,poll:429@retry-after=1,download:cut@40%,download:403-once', 'survives everything at once', undefined],
];

describe('faults the CLI recovers from', () => {
  for (const [faults, title, extra] of recovers) {
    it(`${title} (${faults})`, async () => {
      resetSim(sim, faults);
      // The CLI's clock runs 10× faster, so backoff and Retry-After waits keep their logic but not their real time.
      const r = await generateWith(fastClock, 'runwayml', '--poll-interval', '0.5');
      expect(r.stderr).not.toMatch(/error:/);
      expect(r.code).toBe(0);
      expectIdenticalFile(r.stdout);
      expect(tasksCreated()).toBe(1);
      expect(sim.context.faults.pending).toEqual([]);
      extra?.();
    });
  }

  it('aborts a stalled download and resumes it (download:stall@50%, --stall-timeout 0.5)', async () => {
    resetSim(sim, 'download:stall@50%');
    const r = await generate('runwayml', '--stall-timeout', '0.5');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/interrupted at .*resuming/);
    expectIdenticalFile(r.stdout);
  });

  it('does not follow a poll redirected to another origin, and says how to carry on (poll:redirect on openai-hk)', async () => {
    resetSim(sim, 'poll:redirect');
    const r = await generate('openai-hk');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/redirected to another host \(http:\/\/127\.0\.0\.1:\d+\/redirected\/runwayml\/v1\/tasks\//);
    expect(r.stderr).toMatch(/runway watch /);
    expect(sim.requests().filter((req) => req.origin === 'other')).toHaveLength(0);
  });

  it('retries task_not_exist right after create on a gateway (poll:not-exist)', async () => {
    resetSim(sim, 'poll:not-existx2');
    const r = await generate('openai-hk');
    expect(r.code).toBe(0);
    expectIdenticalFile(r.stdout);
  });
});

describe('faults that end the run, with nothing lost and nothing sent twice', () => {
  it('an output the storage host no longer has (404 on every fresh link too) exits 8 saying outputs expire', async () => {
    resetSim(sim, 'download:404x*');
    const r = await generate();
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/The storage host does not have the file \(HTTP 404\), also with 3 fresh link\(s\) from the task/);
    expect(r.stderr).toMatch(/Providers keep outputs only for a while/);
    expect(count(sim, 'runwayml.task')).toBeGreaterThanOrEqual(4);
    expect(tasksCreated()).toBe(1);
  });

  it('a create whose answer was lost exits 4, records "unknown", and is never re-sent (create:drop-response)', async () => {
    resetSim(sim, 'create:drop-response');
    const r = await generate();
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/unknown whether a \(paid\) task was started/);
    expect(r.stderr).toMatch(/Do not simply run the command again/);
    expect(tasksCreated()).toBe(1);
    const list = await runCli(['list', '--json'], { env: env() });
    expect(JSON.parse(list.stdout)).toMatchObject({ state: 'unknown', taskId: null });
    const watch = await runCli(['watch', '--pending'], { env: env() });
    expect(watch.code).toBe(0);
    expect(watch.stderr).toMatch(/may or may not have been created/);
    expect(tasksCreated()).toBe(1);
    expect(count(sim, 'runwayml.create')).toBe(1);
    expect(savedFiles()).toEqual([]);
  });

  it('a used-up daily task limit is not retried: exit 4 at once, said plainly, recorded as not created (create:daily-limit)', async () => {
    resetSim(sim, 'create:daily-limitx*');
    const r = await generate();
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/quota is used up \(HTTP 429 .*\): Your daily task limit has been reached/);
    expect(r.stderr).not.toMatch(/retrying/i);
    expect(count(sim, 'runwayml.create')).toBe(1);
    const list = await runCli(['list', '--json'], { env: env() });
    expect(JSON.parse(list.stdout)).toMatchObject({ state: 'not-created' });
  });

  it('a create refused for lack of credits: exit 4 with what to do, recorded as not created', async () => {
    resetSim(sim);
    sim.context.credits = 10;
    try {
      const r = await generate();
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/HTTP 400: You do not have enough credits/);
      expect(r.stderr).toMatch(/hint: Top up the account .*nothing was started/);
      const list = await runCli(['list', '--json'], { env: env() });
      expect(JSON.parse(list.stdout)).toMatchObject({ state: 'not-created' });
    } finally {
      sim.context.credits = 1_000_000;
    }
  });

  it('a reset create is not retried either (create:reset)', async () => {
    resetSim(sim, 'create:reset');
    const r = await generate();
    expect(r.code).toBe(4);
    expect(count(sim, 'runwayml.create')).toBe(1);
  });

  it('an HTML page answering a create is a clear error, not a crash (create:html)', async () => {
    resetSim(sim, 'create:html');
    const r = await generate();
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/The gateway answered HTML, status 502, to POST .*"502 Bad Gateway"/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('a create refused with 400 is certainly not created: exit 4, recorded as not created', async () => {
    resetSim(sim, 'create:400');
    const r = await generate();
    expect(r.code).toBe(4);
    const list = await runCli(['list', '--json'], { env: env() });
    expect(JSON.parse(list.stdout)).toMatchObject({ state: 'not-created' });
    const human = (await runCli(['list'], { env: env() })).stdout.split('\n');
    expect(human[1]).toMatch(/not created/);
    expect(human[2]).toMatch(/^ {4}POST .* failed with HTTP 400: Simulated fault/);
  });

  it('a download that keeps failing exits 8 and keeps the .part for the next watch', async () => {
    resetSim(sim, 'download:cut@50%,download:500x*');
    const r = await generateWith(fastClock, 'runwayml', '--poll-interval', '0.5');
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/runway watch --pending/);
    const taskId = /task ([0-9a-f-]{36}) created/.exec(r.stderr)?.[1] as string;
    const parts = readdirSync(out.path).filter((f) => f.endsWith('.part'));
    expect(parts).toHaveLength(1);
    // What reached the file before the cut (at most the half that was sent) is where the resume starts.
    const kept = statSync(join(out.path, parts[0] as string)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(size / 2);
    resetSim(sim);
    const again = await runCli(['watch', '--pending', '--poll-interval', '0.05'], { env: env() });
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toContain(taskId.slice(0, 8));
    expectIdenticalFile(again.stdout);
    expect(storageRequests(sim)[0]?.range).toBe(`bytes=${kept}-`);
    expect(tasksCreated()).toBe(1);
  });

  it('an artifact larger than the free space is refused before a byte is written: exit 8, recorded as not saved', async () => {
    resetSim(sim);
    const disk = statfsSync(out.path);
    const tooBig = disk.bavail * disk.bsize + 1024 ** 3;
    const r = await runCli(
      [
        'gen4',
        '--provider',
        'runwayml',
        '--base-url',
        sim.urlFor('runwayml'),
        '--prompt',
        `huge [sim:size=${tooBig}]`,
        '--image',
        lighthouse,
        '--poll-interval',
        '0.05',
        '--out',
        out.path,
      ],
      { env: env() },
    );
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/Not enough space for .*\.mp4: it needs [\d.]+ GB more and .* has [\d.]+ [KMGT]?B free/);
    expect(r.stderr).toMatch(/Free space there, then run `runway watch --pending`/);
    expect(readdirSync(out.path)).toEqual([]);
    expect(storageRequests(sim)).toHaveLength(1);
    expect((await runCli(['list'], { env: env() })).stdout).toMatch(/succeeded, not downloaded/);
  });

  it('a file whose size differs from the provider-announced fileSize is a download failure, not a success', async () => {
    resetSim(sim);
    const r = await runCli(
      [
        'gen3',
        '--provider',
        'openai-core',
        '--base-url',
        sim.urlFor('openai-core'),
        '--prompt',
        'liar [sim:announce-size=1000]',
        '--poll-interval',
        '0.05',
        '--out',
        out.path,
      ],
      { env: env() },
    );
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/announces 2097152 bytes but the provider said the file has 1000/);
    expect(savedFiles()).toEqual([]);
  });

  it('the announced fileSize is checked and matched on success (web-tasks)', async () => {
    resetSim(sim);
    const r = await runCli(
      [
        'gen3',
        '--provider',
        'openai-core',
        '--base-url',
        sim.urlFor('openai-core'),
        '--prompt',
        'x',
        '--poll-interval',
        '0.05',
        '--out',
        out.path,
      ],
      { env: env() },
    );
    expect(r.code).toBe(0);
    expectIdenticalFile(r.stdout);
  });
});

describe('the fault grammar', () => {
  it('refuses a bad fault script with exit 2', async () => {
    const r = await runCli(['sim', '--faults', 'download:explode'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Bad fault rule "download:explode"/);
  });
});
