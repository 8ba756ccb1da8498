/**
 * CI at scale, played locally: three shards on three "runners" (state directories), one killed
 * with -9 right after its creates, a fresh runner that imports the last exported state and runs
 * the same shard again, then one merged report. No task is created twice, every video is saved
 * once, and the merged JUnit file has every job.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir, testKey, waitFor } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';
import { inShard, jobKey } from '../../src/core/batch/input.js';
import { reportText } from '../../src/core/report/report.js';

const t = useSim({ keys: [testKey] });

/** Two runners' state directories for a test: the one that exports and the one that imports. */
let runner: ReturnType<typeof tempDir>;
let other: ReturnType<typeof tempDir>;
const stateEnv = (dir: string) => ({ RUNWAY_CONFIG_DIR: dir, RUNWAY_API_KEY: testKey });
beforeEach(() => {
  runner = tempDir('runway-runner-');
  other = tempDir('runway-runner-');
});
afterEach(() => {
  runner.cleanup();
  other.cleanup();
});

describe('CI runners that come and go', () => {
  it('three shards, one runner lost after its creates: zero duplicate creates, every video once, one merged report', async () => {
    const work = t.out.path;
    const ids = Array.from({ length: 9 }, (_, i) => `j${i + 1}`);
    const file = join(work, 'jobs.jsonl');
    writeFileSync(file, ids.map((id) => JSON.stringify({ id, model: 'gen4.5', prompt: `${id} [sim:seconds=3]` })).join('\n'));
    const runners = [1, 2, 3, 4].map(() => tempDir('runway-runner-'));
    const env = (runner: number) => ({ RUNWAY_CONFIG_DIR: runners[runner - 1]?.path as string, RUNWAY_API_KEY: testKey });
    const batch = (runner: number, shard: string) => [
      'batch',
      file,
      '--provider',
      'runwayml',
      '--base-url',
      t.sim.apiUrl,
      '--poll-interval',
      '0.05',
      '--shard',
      shard,
      '--out',
      join(work, `out-${runner}`),
      '--report',
      join(work, `report-${shard[0]}.json`),
      '--export-state',
      join(work, `state-${shard[0]}.jsonl`),
    ];
    try {
      const shard2 = ids.filter((id) =>
        inShard(jobKey({ model: 'gen4.5', prompt: `${id} [sim:seconds=3]` }, id), { index: 2, count: 3 }),
      ).length;
      expect(shard2).toBeGreaterThan(0);
      const lost = startCli(batch(2, '2/3'), { env: env(2) });
      const state2 = join(work, 'state-2.jsonl');
      await waitFor(
        () => existsSync(state2) && (readFileSync(state2, 'utf8').match(/"type":"created"/g)?.length ?? 0) === shard2,
        15_000,
        "the lost runner's exported creates",
      );
      lost.child.kill('SIGKILL');
      await lost.done;

      const [one, three] = await Promise.all([runCli(batch(1, '1/3'), { env: env(1) }), runCli(batch(3, '3/3'), { env: env(3) })]);
      expect(one.code).toBe(0);
      expect(three.code).toBe(0);

      // The replacement runner: an empty state directory, the last exported state, the same shard.
      const imported = await runCli(['state', 'import', state2], { env: env(4) });
      expect(imported.code).toBe(0);
      expect(imported.stderr).toMatch(new RegExp(`imported ${shard2} new job`));
      const again = await runCli(batch(4, '2/3'), { env: env(4) });
      expect(again.code).toBe(0);

      const creates = t.sim.requests().filter((r) => r.route === 'runwayml.create');
      expect(creates).toHaveLength(9);
      const saved = [1, 2, 3, 4].flatMap((n) =>
        existsSync(join(work, `out-${n}`)) ? readdirSync(join(work, `out-${n}`)).filter((f) => f.endsWith('.mp4')) : [],
      );
      expect(saved).toHaveLength(9);

      const merged = await runCli(
        [
          'report',
          'merge',
          join(work, 'report-1.json'),
          join(work, 'report-2.json'),
          join(work, 'report-3.json'),
          '-o',
          join(work, 'all.json'),
          '--junit',
          join(work, 'all.xml'),
        ],
        { env: env(4) },
      );
      expect(merged.code).toBe(0);
      const all = JSON.parse(readFileSync(join(work, 'all.json'), 'utf8')) as { total: number; succeeded: number; jobs: { id: string }[] };
      expect(all.total).toBe(9);
      expect(all.succeeded).toBe(9);
      const junit = readFileSync(join(work, 'all.xml'), 'utf8');
      expect(junit.match(/<testcase /g)).toHaveLength(9);
      for (const id of ids) expect(junit).toContain(`name="${id} (line`);

      const twice = await runCli(['report', 'merge', join(work, 'report-1.json'), join(work, 'report-1.json')], { env: env(4) });
      expect(twice.code).toBe(2);
      expect(twice.stderr).toMatch(/both shard 1\/3/);
    } finally {
      for (const r of runners) r.cleanup();
    }
  }, 60_000);

  it('importing twice changes nothing', async () => {
    expect(
      (
        await runCli(
          [
            'gen4.5',
            '--provider',
            'runwayml',
            '--base-url',
            t.sim.apiUrl,
            '--prompt',
            'once',
            '--poll-interval',
            '0.05',
            '--out',
            t.out.path,
          ],
          { env: stateEnv(runner.path) },
        )
      ).code,
    ).toBe(0);
    const state = join(t.out.path, 'state.jsonl');
    expect((await runCli(['state', 'export', '-o', state], { env: stateEnv(runner.path) })).code).toBe(0);
    const first = await runCli(['state', 'import', state, '--json'], { env: stateEnv(other.path) });
    expect(JSON.parse(first.stdout)).toEqual({ added: 1, advanced: 0, unchanged: 0 });
    const journal = readFileSync(join(other.path, 'journal.jsonl'), 'utf8');
    const second = await runCli(['state', 'import', state, '--json'], { env: stateEnv(other.path) });
    expect(JSON.parse(second.stdout)).toEqual({ added: 0, advanced: 0, unchanged: 1 });
    expect(readFileSync(join(other.path, 'journal.jsonl'), 'utf8')).toBe(journal);
  });

  it('state travels through pipes too: export -o - writes the file to stdout, import - reads it from stdin', async () => {
    expect(
      (
        await runCli(
          [
            'gen4.5',
            '--provider',
            'runwayml',
            '--base-url',
            t.sim.apiUrl,
            '--prompt',
            'piped',
            '--poll-interval',
            '0.05',
            '--out',
            t.out.path,
          ],
          { env: stateEnv(runner.path) },
        )
      ).code,
    ).toBe(0);
    const file = join(t.out.path, 'state.jsonl');
    expect((await runCli(['state', 'export', '-o', file], { env: stateEnv(runner.path) })).code).toBe(0);
    const piped = await runCli(['state', 'export', '-o', '-'], { env: stateEnv(runner.path) });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/exported 1 job\(s\), \d+ record\(s\) to stdout/);
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    expect(body(piped.stdout)).toBe(body(readFileSync(file, 'utf8')));
    expect(existsSync(join(process.cwd(), '-'))).toBe(false);
    const imported = await runCli(['state', 'import', '-', '--json'], { env: stateEnv(other.path), input: piped.stdout });
    expect(JSON.parse(imported.stdout)).toEqual({ added: 1, advanced: 0, unchanged: 0 });
    const foreign = await runCli(['state', 'import', '-'], { env: stateEnv(other.path), input: 'not state\n' });
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/stdin is not a runway state file/);
  });

  it('a later export takes a job further: added, then advanced, never moved back', async () => {
    const created = await runCli(
      ['gen4.5', '--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--prompt', 'later', '--no-wait', '--json', '--out', t.out.path],
      { env: stateEnv(runner.path) },
    );
    expect(created.code).toBe(0);
    const early = join(t.out.path, 'early.jsonl');
    const late = join(t.out.path, 'late.jsonl');
    expect((await runCli(['state', 'export', '-o', early], { env: stateEnv(runner.path) })).code).toBe(0);
    expect((await runCli(['watch', '--pending', '--poll-interval', '0.05'], { env: stateEnv(runner.path) })).code).toBe(0);
    expect((await runCli(['state', 'export', '-o', late], { env: stateEnv(runner.path) })).code).toBe(0);
    const importing = async (file: string) =>
      JSON.parse((await runCli(['state', 'import', file, '--json'], { env: stateEnv(other.path) })).stdout) as unknown;
    expect(await importing(early)).toEqual({ added: 1, advanced: 0, unchanged: 0 });
    expect(await importing(late)).toEqual({ added: 0, advanced: 1, unchanged: 0 });
    expect(await importing(early)).toEqual({ added: 0, advanced: 0, unchanged: 1 });
    const jobs = (await runCli(['list', '--json'], { env: stateEnv(other.path) })).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { state: string });
    expect(jobs.map((job) => job.state)).toEqual(['downloaded']);
    // Each record once: the late import added only what the early one lacked.
    const records = readFileSync(join(other.path, 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    expect(new Set(records).size).toBe(records.length);
    expect(records.filter((l) => l.includes('"type":"intent"'))).toHaveLength(1);
  });

  it('an export that cannot be put in place says why and leaves no temporary file', async () => {
    const folder = join(t.out.path, 'taken');
    mkdirSync(folder);
    const result = await runCli(['state', 'export', '-o', folder], { env: stateEnv(runner.path) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Cannot write the state file .*taken: it is a directory/);
    expect(readdirSync(t.out.path)).toEqual(['taken']);
  });

  it('batch --export-state to a path that cannot be written stops before anything is paid for', async () => {
    const file = join(t.out.path, 'jobs.jsonl');
    writeFileSync(file, `${JSON.stringify({ model: 'gen4.5', prompt: 'never sent' })}\n`);
    const folder = join(t.out.path, 'state-is-a-folder');
    mkdirSync(folder);
    const result = await runCli(
      ['batch', file, '--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--out', t.out.path, '--export-state', folder],
      { env: stateEnv(runner.path) },
    );
    expect(result.code).toBe(2);
    expect(result.stderr.match(/Cannot write the state file .*state-is-a-folder: it is a directory/g)).toHaveLength(1);
    expect(t.sim.requests().filter((r) => r.route === 'runwayml.create')).toHaveLength(0);
  });

  it('a state file that becomes unwritable mid-run never fails a job: said once, reported at the end, exit 8', async () => {
    const file = join(t.out.path, 'jobs.jsonl');
    writeFileSync(file, ['a', 'b', 'c'].map((p) => JSON.stringify({ model: 'gen4.5', prompt: `${p} [sim:seconds=0.6]` })).join('\n'));
    const state = join(t.out.path, 'state.jsonl');
    const out = join(t.out.path, 'videos');
    const running = startCli(
      [
        'batch',
        file,
        '--provider',
        'runwayml',
        '--base-url',
        t.sim.apiUrl,
        '--poll-interval',
        '0.05',
        '--concurrency',
        '1',
        '--out',
        out,
        '--export-state',
        state,
      ],
      { env: stateEnv(runner.path) },
    );
    await waitFor(() => existsSync(state) && readFileSync(state, 'utf8').includes('"type":"created"'), 15_000, 'the first exported create');
    rmSync(state);
    mkdirSync(state);
    const result = await running.done;
    expect(result.code).toBe(8);
    expect(readdirSync(out).filter((f) => f.endsWith('.mp4'))).toHaveLength(3);
    expect(result.stderr.match(/warning: Cannot write the state file/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/all 3 jobs succeeded/);
    expect(result.stderr).toMatch(/error: Cannot write the state file .*state\.jsonl: it is a directory[\s\S]*runway state export -o/);
  });

  it("report merge on stdout to a reader that stops early (`| head`) ends quietly with the merge's exit code", async () => {
    const reports = [1, 2].map((shard) => {
      const jobs = Array.from({ length: 2000 }, (_, i) => i * 2 + shard).map((line) => ({
        id: null,
        key: `h:${line.toString(16).padStart(16, '0')}`,
        line,
        provider: 'runwayml',
        model: 'gen4.5',
        state: 'succeeded' as const,
        origin: 'submitted' as const,
        exitCode: 0 as const,
        taskId: `t${line}`,
        seconds: 1,
        prompt: 'p'.repeat(100),
        seed: 1,
        credits: 60,
        files: [],
        error: null,
      }));
      const file = join(t.out.path, `r${shard}.json`);
      const head = {
        version: 1,
        source: 'jobs.jsonl',
        batch: 'h:b',
        shard: `${shard}/2`,
        concurrency: 4,
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:01:00.000Z',
        seconds: 60,
        total: 2000,
        succeeded: 2000,
        failed: 0,
        exitCode: 0 as const,
        credits: 120000,
      };
      writeFileSync(file, [...reportText(head, jobs)].join(''));
      return file;
    });
    const merge = startCli(['report', 'merge', ...reports], { env: stateEnv(runner.path) });
    merge.child.stdout.once('data', () => merge.child.stdout.destroy());
    const result = await merge.done;
    expect(result.stderr).not.toMatch(/internal error|EPIPE/);
    expect(result.code).toBe(0);
  });

  it('a damaged, cut-off or foreign state file imports nothing and says which line', async () => {
    for (const prompt of ['first', 'second'])
      expect(
        (
          await runCli(
            [
              'gen4.5',
              '--provider',
              'runwayml',
              '--base-url',
              t.sim.apiUrl,
              '--prompt',
              prompt,
              '--poll-interval',
              '0.05',
              '--out',
              t.out.path,
            ],
            { env: stateEnv(runner.path) },
          )
        ).code,
      ).toBe(0);
    const state = join(t.out.path, 'state.jsonl');
    expect((await runCli(['state', 'export', '-o', state], { env: stateEnv(runner.path) })).code).toBe(0);
    const text = readFileSync(state, 'utf8');
    const lines = text.split('\n');
    const cases: [string, string, RegExp][] = [
      [
        'cut.jsonl',
        text.slice(0, text.length - 20),
        new RegExp(`cut\\.jsonl:${lines.length - 1}: not a journal record; the file is damaged`),
      ],
      ['garbled.jsonl', [...lines.slice(0, 3), '{"job":', ...lines.slice(3)].join('\n'), /garbled\.jsonl:4: not a journal record/],
      ['not-a-record.jsonl', [...lines.slice(0, 2), '[1,2]', ...lines.slice(2)].join('\n'), /not-a-record\.jsonl:3: not a journal record/],
      ['foreign.jsonl', '{"id":"j1","prompt":"a batch file, not a state file"}\n', /is not a runway state file/],
      ['empty.jsonl', '\n\n', /is not a runway state file/],
      ['one-long-line.jsonl', 'x'.repeat(300_000), /is not a runway state file/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(t.out.path, name);
      writeFileSync(file, content);
      const result = await runCli(['state', 'import', file], { env: stateEnv(other.path) });
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(message);
      expect(
        existsSync(join(other.path, 'journal.jsonl')) ? readFileSync(join(other.path, 'journal.jsonl'), 'utf8').trim() : '',
        name,
      ).toBe('');
    }
    const folder = await runCli(['state', 'import', t.out.path], { env: stateEnv(other.path) });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/cannot be read: it is a directory/);
    const whole = await runCli(['state', 'import', state, '--json'], { env: stateEnv(other.path) });
    expect(JSON.parse(whole.stdout)).toEqual({ added: 2, advanced: 0, unchanged: 0 });
  });
});
