/**
 * One failure, one word: the task's own end state travels as a field, so `--json`, `list` and a
 * batch report say the same thing, whatever the failure text happens to contain.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lighthouse, runCli, testKey } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';

const t = useSim({ keys: [testKey] });
const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const on = () => ['--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--poll-interval', '0.05', '--out', t.out.path];

describe('the same failure has the same state word everywhere', () => {
  it('"upstream request cancelled by worker" on a FAILED task is failed in --json, list and the batch report', async () => {
    const prompt = 'a lighthouse [sim:fail=worker-cancel]';
    const json = await runCli(['gen4', ...on(), '--prompt', prompt, '--image', lighthouse, '--json'], { env: env() });
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('upstream request cancelled by worker') },
    });
    const listed = JSON.parse((await runCli(['list', '--json'], { env: env() })).stdout) as { state: string };
    expect(listed.state).toBe('failed');
    const batch = join(t.out.path, 'one.jsonl');
    const report = join(t.out.path, 'report.json');
    writeFileSync(batch, `${JSON.stringify({ model: 'gen4_turbo', prompt, image: lighthouse })}\n`);
    const run = await runCli(['batch', batch, ...on(), '--report', report], { env: env() });
    expect(run.code).toBe(5);
    const jobs = (JSON.parse(readFileSync(report, 'utf8')) as { jobs: { state: string }[] }).jobs;
    expect(jobs.map((j) => j.state)).toEqual(['failed']);
  });
});
