/**
 * Kills, interrupts and parallel runs: real processes, real signals. After any of them,
 * `runway watch` finishes the job from the journal with one create in total and an identical file.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Artifact } from '../../src/sim/artifact.js';
import { lighthouse, runCli, startCli, testKey, waitFor } from '../helpers/cli.js';
import { count, storageRequests, useSim } from '../helpers/sim.js';

const size = 3 * 1024 * 1024;
// gen4's default 5 s: the simulator's clip lasts as long as the task.
const expected = new Artifact(size, 5).bytes();

const t = useSim({ keys: [testKey], artifactBytes: size });

const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const journalText = () =>
  existsSync(join(t.state.path, 'journal.jsonl')) ? readFileSync(join(t.state.path, 'journal.jsonl'), 'utf8') : '';
const createdTaskId = () => /"type":"created".*?"taskId":"([0-9a-f-]{36})"/.exec(journalText())?.[1];
const partFile = () => readdirSync(t.out.path).find((f) => f.endsWith('.part'));

function generate(prompt: string, ...extra: string[]) {
  return startCli(
    [
      'gen4',
      '--provider',
      'runwayml',
      '--base-url',
      t.sim.apiUrl,
      '--prompt',
      prompt,
      '--image',
      lighthouse,
      '--poll-interval',
      '0.05',
      '--out',
      t.out.path,
      ...extra,
    ],
    { env: env() },
  );
}

function expectIdentical(file: string): void {
  expect(readFileSync(file).equals(expected)).toBe(true);
}

describe('kill -9', () => {
  it('during polling: watch --pending completes with one create and an identical file', async () => {
    const run = generate('slow [sim:seconds=2]');
    const taskId = await waitFor(createdTaskId, 10_000, 'the task id in the journal');
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const watch = await runCli(['watch', '--pending', '--poll-interval', '0.05'], { env: env() });
    expect(watch.code).toBe(0);
    expect(watch.stdout.trim()).toContain(taskId.slice(0, 8));
    expectIdentical(watch.stdout.trim());
    expect(count(t.sim, 'runwayml.create')).toBe(1);
  });

  it('during the download: watch --pending continues the same .part with Range', async () => {
    t.sim.setFaults('download:stall@40%');
    const run = generate('x');
    // writes land in 1 MiB batches: wait for the first one, then the stall keeps it still
    const part = await waitFor(
      () => {
        const name = partFile();
        return name && statSync(join(t.out.path, name)).size >= 1 << 20 ? name : undefined;
      },
      10_000,
      'a partly written .part file',
    );
    const partSize = statSync(join(t.out.path, part)).size;
    run.child.kill('SIGKILL');
    await run.done;
    const watch = await runCli(['watch', '--pending', '--poll-interval', '0.05'], { env: env() });
    expect(watch.code).toBe(0);
    expect(watch.stdout.trim()).toBe(join(t.out.path, part.replace(/\.part$/, '')));
    expectIdentical(watch.stdout.trim());
    const ranges = storageRequests(t.sim).map((r) => r.range);
    expect(ranges).toEqual([undefined, `bytes=${partSize}-`]);
    expect(count(t.sim, 'runwayml.create')).toBe(1);
    const saved = JSON.parse((await runCli(['list', '--json'], { env: env() })).stdout);
    expect(saved.files[0]).toMatchObject({ saved: true, bytes: size });
    expect(saved.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('Ctrl-C', () => {
  it('while the create request is in flight: waits for its answer, records the id, exits 130 with the resume command', async () => {
    t.sim.setFaults('create:slow@1.5');
    const run = generate('x');
    await waitFor(() => (journalText().includes('"type":"intent"') ? true : undefined), 10_000, 'the intent in the journal');
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const taskId = createdTaskId() as string;
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.stderr).toContain('Waiting for the create request to answer');
    expect(result.stderr).toContain(`runway watch ${taskId}`);
    const watch = await runCli(['watch', '--pending', '--poll-interval', '0.05'], { env: env() });
    expect(watch.code).toBe(0);
    expectIdentical(watch.stdout.trim());
    expect(count(t.sim, 'runwayml.create')).toBe(1);
  });

  it('while polling: exit 130 with the resume command; watch <id> finishes it', async () => {
    const run = generate('slow [sim:seconds=2]');
    const taskId = await waitFor(createdTaskId, 10_000, 'the task id');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain(`runway watch ${taskId}`);
    expect(result.stdout).toBe('');
    const watch = await runCli(['watch', taskId, '--poll-interval', '0.05'], { env: env() });
    expect(watch.code).toBe(0);
    expectIdentical(watch.stdout.trim());
  });

  it('while downloading: exit 130; the next watch, given the same --out and -o, resumes the .part', async () => {
    t.sim.setFaults('download:stall@50%');
    // The planned name is taken, so this job's part is clip-1.mp4.part: a re-plan must still find it.
    writeFileSync(join(t.out.path, 'clip.mp4'), 'an earlier video');
    const run = generate('x', '-o', 'clip');
    const part = await waitFor(
      () => {
        const name = partFile();
        return name && statSync(join(t.out.path, name)).size >= 1 << 20 ? name : undefined;
      },
      10_000,
      'a partly written .part file',
    );
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Resume with: runway watch [0-9a-f-]{36}/);
    expect(existsSync(join(t.out.path, part))).toBe(true);
    // What reached the file stays (at most the half the storage host sent), and the resume asks
    // for exactly the rest of it.
    const kept = statSync(join(t.out.path, part)).size;
    expect(kept).toBeGreaterThanOrEqual(1 << 20);
    expect(kept).toBeLessThanOrEqual(size / 2);
    expect(part).toBe('clip-1.mp4.part');
    const watch = await runCli(['watch', '--pending', '--out', t.out.path, '-o', 'clip', '--poll-interval', '0.05'], { env: env() });
    expect(watch.code).toBe(0);
    expect(watch.stdout.trim()).toBe(join(t.out.path, 'clip-1.mp4'));
    expectIdentical(watch.stdout.trim());
    expect(storageRequests(t.sim).at(-1)?.range).toBe(`bytes=${kept}-`);
  });
});

describe('parallel processes', () => {
  it('two generates and a watch --pending at once leave a clean journal and two identical files', async () => {
    // Tasks long enough that both are still running when watch starts, also on a loaded machine.
    const a = generate('one [sim:seconds=3]');
    const b = generate('two [sim:seconds=3]');
    await waitFor(() => (journalText().match(/"type":"created"/g)?.length ?? 0) >= 2, 10_000, 'two created records');
    const watch = startCli(['watch', '--pending', '--poll-interval', '0.05'], { env: env() });
    const results = await Promise.all([a.done, b.done, watch.done]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    // watch --pending found both jobs owned by the running generates and left them alone
    expect(results[2]?.stderr.match(/being finished by another runway process/g)).toHaveLength(2);
    const lines = journalText()
      .split('\n')
      .filter((l) => l.trim());
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const jobs = (await runCli(['list', '--json'], { env: env() })).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j: { state: string }) => j.state === 'downloaded')).toBe(true);
    const files = readdirSync(t.out.path).filter((f) => f.endsWith('.mp4'));
    expect(files).toHaveLength(2);
    for (const f of files) expectIdentical(join(t.out.path, f));
    expect(count(t.sim, 'runwayml.create')).toBe(2);
  });
});

describe('a place that cannot be written', () => {
  it('a vanished output folder fails the save with exit 8 and the way out; watch --out saves the paid task elsewhere', async () => {
    const clips = join(t.out.path, 'clips');
    mkdirSync(clips);
    const first = await runCli(
      ['gen4', '--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--prompt', 'x', '--image', lighthouse, '--out', clips, '--no-wait'],
      { env: env() },
    );
    expect(first.code).toBe(0);
    const taskId = first.stdout.trim();
    // e.g. a USB stick unmounted, its mount point left behind as a file
    rmdirSync(clips);
    writeFileSync(clips, 'not a folder');
    const failed = await runCli(['watch', taskId, '--poll-interval', '0.05'], { env: env() });
    expect(failed.code).toBe(8);
    expect(failed.stderr).toMatch(/Cannot save .*clips\/gen4_turbo-\S+\.mp4: part of the path is a file, not a directory/);
    expect(failed.stderr).toContain('runway watch --pending --out <dir>');
    const elsewhere = join(t.out.path, 'elsewhere');
    const saved = await runCli(['watch', '--pending', '--out', elsewhere, '--poll-interval', '0.05'], { env: env() });
    expect(saved.code).toBe(0);
    expect(saved.stdout.trim().startsWith(`${elsewhere}/`)).toBe(true);
    expectIdentical(saved.stdout.trim());
    expect(count(t.sim, 'runwayml.create')).toBe(1);
  });
});
