/**
 * Failures classified by what was really sent: a request that never left this machine is "not
 * sent" (journal "not created", re-sent freely by a later run); only a create whose bytes may
 * have reached the server is "unknown". Time limits and redirects mean what they say.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lighthouse, runCli, testKey } from '../helpers/cli.js';
import { count, useSim } from '../helpers/sim.js';

const t = useSim({ keys: [testKey], notFoundPolls: 0 });
const env = (extra: Record<string, string> = {}) => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey, ...extra });
const gen4 = (...extra: string[]) => [
  'gen4',
  '--provider',
  'runwayml',
  '--base-url',
  t.sim.apiUrl,
  '--prompt',
  'a lighthouse',
  '--image',
  lighthouse,
  '--poll-interval',
  '0.05',
  '--out',
  t.out.path,
  ...extra,
];

async function states(): Promise<string[]> {
  const r = await runCli(['list', '--json'], { env: env() });
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { state: string }).state);
}

describe('what was sent decides what is said and journaled', () => {
  it('a key with a zero-width space exits 3 at once, naming the position and not the key; nothing is sent', async () => {
    const bad = `${testKey.slice(0, 10)}\u200b${testKey.slice(10)}`;
    const r = await runCli(gen4(), { env: env({ RUNWAY_API_KEY: bad }) });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('character 11 of 133 is U+200B');
    expect(r.stderr).not.toContain(testKey.slice(12, 40));
    expect(t.sim.requests()).toHaveLength(0);
    const status = await runCli(['status', 'c0ffee00-0000-4000-8000-000000000000', '--provider', 'runwayml', '--base-url', t.sim.apiUrl], {
      env: env({ RUNWAY_API_KEY: bad }),
      timeoutMs: 5_000,
    });
    expect(status.code).toBe(3);
  });

  it('https:// to a plain-http port: exit 4 "nothing was sent", journaled "not created", and a batch re-run sends it', async () => {
    const wrongScheme = t.sim.apiUrl.replace('http://', 'https://');
    const r = await runCli(gen4('--base-url', wrongScheme, '--allow-insecure'), { env: env() });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Nothing was sent, so no task was started/);
    expect(r.stderr).not.toMatch(/may have been|unknown whether/);
    expect(await states()).toEqual(['not-created']);

    const batch = join(t.out.path, 'jobs.jsonl');
    writeFileSync(batch, `${JSON.stringify({ model: 'gen4_turbo', prompt: 'a lighthouse', image: lighthouse })}\n`);
    const batchArgs = (base: string) => [
      'batch',
      batch,
      '--provider',
      'runwayml',
      '--base-url',
      base,
      '--poll-interval',
      '0.05',
      '--out',
      t.out.path,
      '--allow-insecure',
    ];
    const failed = await runCli(batchArgs(wrongScheme), { env: env() });
    expect(failed.code).toBe(4);
    expect(count(t.sim, 'runwayml.create')).toBe(0);
    const again = await runCli(batchArgs(t.sim.apiUrl), { env: env() });
    expect(again.code).toBe(0);
    expect(count(t.sim, 'runwayml.create')).toBe(1);
  });

  it('--timeout while every poll answers 500 ends with exit 7 and the watch line', async () => {
    t.sim.setFaults('poll:500x*');
    const r = await runCli(gen4('--timeout', '10'), { env: env({ RUNWAY_TIME_SCALE: '10' }) });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/Gave up waiting after \d+ s/);
    expect(r.stderr).toMatch(/runway watch [0-9a-f-]{36}/);
    expect(count(t.sim, 'runwayml.create')).toBe(1);
  });

  it('a create answered with a 307 to another origin: one request in total, exit 4, not re-sent there', async () => {
    t.sim.setFaults('create:redirect');
    const r = await runCli(gen4(), { env: env() });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/redirecting to http:\/\/127\.0\.0\.1:\d+\/redirected\/v1\/image_to_video/);
    expect(t.sim.requests()).toHaveLength(1);
    expect(await states()).toEqual(['not-created']);
  });
});
