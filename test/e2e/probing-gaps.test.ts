/**
 * The last gaps found by probing the CLI as a hostile user: each case here failed before its
 * fix, and each ends with exit 2 and zero requests, or with what the user asked for.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lighthouse, runCli, testKey } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';

const t = useSim({ keys: [testKey] });
const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const on = () => ['--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--poll-interval', '0.05'];
const run = promisify(execFile);

function batchOf(lines: object[]): string {
  const file = join(t.out.path, 'jobs.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  return file;
}

describe("a batch line's out stays inside the run's output folder", () => {
  it('"../../escape" and an absolute path are refused with their line numbers, nothing sent; --allow-any-out lets them', async () => {
    const file = batchOf([
      { model: 'gen4.5', prompt: 'fine', out: 'sub/dir' },
      { model: 'gen4.5', prompt: 'climbs', out: '../../escape' },
      { model: 'gen4.5', prompt: 'absolute', out: '/tmp/elsewhere' },
    ]);
    const root = join(t.out.path, 'root');
    const r = await runCli(['batch', file, ...on(), '--out', root], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/jobs\.jsonl:2: "out": \.\.\/\.\.\/escape leaves the run's output folder/);
    expect(r.stderr).toMatch(/jobs\.jsonl:3: "out": \/tmp\/elsewhere is an absolute path/);
    expect(r.stderr).not.toMatch(/jobs\.jsonl:1:/);
    expect(t.sim.requests()).toHaveLength(0);
    const allowed = await runCli(['batch', file, ...on(), '--out', root, '--allow-any-out', '--dry-run'], { env: env() });
    expect(allowed.code).toBe(0);
  });
});

describe('media checked deeper than their first bytes', () => {
  const png = readFileSync(lighthouse);

  it('a truncated PNG is refused before any request', async () => {
    const cut = join(t.out.path, 'cut.png');
    writeFileSync(cut, png.subarray(0, 60));
    const r = await runCli(['gen4', ...on(), '--prompt', 'x', '--image', cut], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a usable image: the PNG ends early \(no IEND\)/);
    expect(t.sim.requests()).toHaveLength(0);
  });

  it('a PNG that says it is 0 pixels wide is refused', async () => {
    const zero = Buffer.from(png);
    zero.writeUInt32BE(0, 16);
    const file = join(t.out.path, 'zero.png');
    writeFileSync(file, zero);
    const r = await runCli(['gen4', ...on(), '--prompt', 'x', '--image', file], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/it is 0×\d+ pixels/);
  });

  it('a runway:// URI that does not look like one the API issues is refused', async () => {
    for (const uri of ['runway://uploads/../../etc', 'runway://', 'runway://uploads/']) {
      const r = await runCli(['gen4', ...on(), '--prompt', 'x', '--image', uri], { env: env() });
      expect(r.code, uri).toBe(2);
      expect(r.stderr, uri).toMatch(/runway:\/\/ URI looks like runway:\/\/uploads\/<id>/);
    }
    expect(t.sim.requests()).toHaveLength(0);
  });

  it('--prompt-file on a named pipe with no writer is refused at once, like --image', async () => {
    const fifo = join(t.out.path, 'prompt.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(['gen4.5', ...on(), '--prompt-file', fifo], { env: env(), timeoutMs: 8_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--prompt-file .* is not a regular file/);
  });
});

describe('small inconsistencies', () => {
  it("upload progress counts the file's own bytes, as the line before it announced", async () => {
    const r = await runCli(['upload', lighthouse, '--provider', 'runwayml', '--base-url', t.sim.apiUrl], { env: env() });
    expect(r.code).toBe(0);
    const announced = /uploading .* \(([\d.]+ [KM]?B)\)/.exec(r.stderr)?.[1];
    expect(announced).toBeDefined();
    expect(r.stderr).toContain(`upload 100% (${announced} of ${announced})`);
  });

  it('list says the same state word as list --json', async () => {
    const r = await runCli(['gen4.5', ...on(), '--prompt', 'a lighthouse', '--out', t.out.path], { env: env() });
    expect(r.code).toBe(0);
    const json = JSON.parse((await runCli(['list', '--json'], { env: env() })).stdout) as { state: string };
    const table = (await runCli(['list'], { env: env() })).stdout;
    expect(json.state).toBe('downloaded');
    expect(table).toMatch(/ downloaded /);
  });

  it('a CSV quote error names its line', async () => {
    const file = join(t.out.path, 'bad.csv');
    writeFileSync(file, 'model,prompt\ngen4.5,fine\ngen4.5,"never closed\n');
    const r = await runCli(['batch', file, ...on()], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv:3: a quoted field is never closed/);
  });

  it('--dry-run shows the seed as random when none was given (the real run draws its own)', async () => {
    const r = await runCli(['gen4.5', ...on(), '--prompt', 'x', '--dry-run'], { env: env() });
    expect(r.code).toBe(0);
    // The request is printed as indented JSON, one field a line.
    expect(r.stdout).toMatch(/^ {2}"seed": "<random>",?$/m);
    const fixed = await runCli(['gen4.5', ...on(), '--prompt', 'x', '--dry-run', '--seed', '42'], { env: env() });
    expect(fixed.stdout).toMatch(/"seed": 42/);
  });

  it('--dry-run over --max-credits has one outcome: the refusal, exit 2, no "nothing was sent" footer', async () => {
    const r = await runCli(['gen4.5', ...on(), '--prompt', 'x', '--dry-run', '--max-credits', '1'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/POST .*\/v1\/text_to_video/);
    expect(r.stdout).not.toMatch(/nothing was sent/);
    expect(r.stderr).toMatch(/above --max-credits 1\. Nothing was submitted/);
  });

  it('a model id typed as a command points at generate --model and the shortcut', async () => {
    const r = await runCli(['gen4_turbo', '--prompt', 'x'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /"gen4_turbo" is a model id, not a command: run `runway generate --model gen4_turbo …` or its shortcut `runway gen4 …`/,
    );
    expect(r.stderr).not.toMatch(/gen3-turbo/);
  });

  it("the simulator's clip lasts as long as the task asked", async () => {
    mkdirSync(t.out.path, { recursive: true });
    const r = await runCli(['gen4.5', ...on(), '--prompt', 'a lighthouse', '--duration', '7', '--out', t.out.path], { env: env() });
    expect(r.code).toBe(0);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'default=nw=1:nk=1',
      r.stdout.trim(),
    ]);
    expect(Number(stdout.trim())).toBeCloseTo(7, 1);
  });
});

describe('a batch re-run with a new --out', () => {
  it('places the earlier videos there without paying or downloading again, and downloads afresh when they are gone', async () => {
    const file = batchOf([
      { id: 'a', model: 'gen4.5', prompt: 'one' },
      { id: 'b', model: 'gen4.5', prompt: 'two' },
    ]);
    const first = join(t.out.path, 'first');
    const r1 = await runCli(['batch', file, ...on(), '--out', first], { env: env() });
    expect(r1.code).toBe(0);
    const downloads = () => t.sim.requests().filter((q) => q.origin === 'storage').length;
    const before = downloads();

    const second = join(t.out.path, 'second');
    const r2 = await runCli(['batch', file, ...on(), '--out', second], { env: env() });
    expect(r2.code).toBe(0);
    expect(
      r2.stdout
        .trim()
        .split('\n')
        .every((f) => f.includes('/second/')),
    ).toBe(true);
    for (const saved of r2.stdout.trim().split('\n'))
      expect(readFileSync(saved).equals(readFileSync(saved.replace('/second/', '/first/')))).toBe(true);
    expect(r2.stderr).toMatch(/hard-linked into this folder \(not downloaded again\)/);
    expect(r2.stderr).toMatch(/placed here by hard link/);
    expect(downloads()).toBe(before);
    expect(t.sim.requests().filter((q) => q.route === 'runwayml.create')).toHaveLength(2);

    execFileSync('rm', ['-rf', first, second]);
    const third = join(t.out.path, 'third');
    const r3 = await runCli(['batch', file, ...on(), '--out', third], { env: env() });
    expect(r3.code).toBe(0);
    expect(r3.stderr).toMatch(/the earlier files were gone; downloaded again from fresh links/);
    expect(
      r3.stdout
        .trim()
        .split('\n')
        .every((f) => f.includes('/third/')),
    ).toBe(true);
    expect(downloads()).toBe(before + 2);
    expect(t.sim.requests().filter((q) => q.route === 'runwayml.create')).toHaveLength(2);
  });
});
