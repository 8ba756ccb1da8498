/** `runway batch` end to end: 20 jobs, failures, re-runs, shards, CSV, stdin, dry runs, budgets. */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { Artifact, fixtureMp4 } from '../../src/sim/artifact.js';
import { lighthouse, runCli, startCli, tempDir, testKey, waitFor } from '../helpers/cli.js';
import { count, fastSim, resetSim } from '../helpers/sim.js';

let sim: Simulator;
let work: ReturnType<typeof tempDir>;

beforeAll(async () => {
  sim = await fastSim({ keys: [testKey] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  resetSim(sim);
  work = tempDir('runway-batch-');
  mkdirSync(join(work.path, 'inputs'));
  copyFileSync(lighthouse, join(work.path, 'inputs', 'lighthouse.png'));
});
afterEach(() => work.cleanup());

const env = (state = 'state') => ({ RUNWAY_CONFIG_DIR: join(work.path, state), RUNWAYML_API_SECRET: testKey });
const provider = () => ['--provider', 'runwayml', '--base-url', sim.apiUrl, '--poll-interval', '0.05'];

/** 20 jobs; job-07 is moderated and job-13 fails; images are relative to the batch file. */
function twentyJobs(): string {
  const lines = Array.from({ length: 20 }, (_, i) => {
    const id = `job-${String(i + 1).padStart(2, '0')}`;
    const prompt = i === 6 ? 'a forbidden scene [sim:moderation]' : i === 12 ? 'an unlucky scene [sim:fail]' : `scene number ${i + 1}`;
    return JSON.stringify(
      i % 2 === 0 ? { id, model: 'gen4', prompt, image: 'lighthouse.png', seed: i } : { id, model: 'gen4.5', prompt, duration: 5 },
    );
  });
  const file = join(work.path, 'inputs', 'jobs.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A JSONL batch of gen4 jobs, one per prompt, next to the lighthouse image. */
function gen4Batch(name: string, prompts: string[]): string {
  const file = join(work.path, 'inputs', `${name}.jsonl`);
  writeFileSync(file, prompts.map((prompt) => `${JSON.stringify({ model: 'gen4', prompt, image: 'lighthouse.png' })}\n`).join(''));
  return file;
}

/** Whether the batch's journal has a record of this type yet. */
function journalHas(type: string): () => boolean {
  const journal = join(work.path, 'state', 'journal.jsonl');
  return () => existsSync(journal) && readFileSync(journal, 'utf8').includes(`"type":"${type}"`);
}

describe('a 20-job JSONL batch', () => {
  it('saves 18 mp4s, exits 6, writes a valid report and JUnit file; a re-run submits nothing and re-reports the 2', async () => {
    const file = twentyJobs();
    const out = join(work.path, 'out');
    const report = join(work.path, 'report.json');
    const junit = join(work.path, 'junit.xml');
    const r = await runCli(['batch', file, ...provider(), '--concurrency', '4', '--out', out, '--report', report, '--junit', junit], {
      env: env(),
      cwd: work.path,
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(6);
    const mp4s = readdirSync(out).filter((f) => f.endsWith('.mp4'));
    expect(mp4s).toHaveLength(18);
    for (const f of mp4s) expect(readFileSync(join(out, f)).equals(new Artifact(undefined, 5).bytes())).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(18);
    expect(r.stderr).toMatch(/18 of 20 succeeded; look at: job-07 \(line 7\) \[moderated\], job-13 \(line 13\) \[failed\]/);
    expect(count(sim, 'runwayml.create')).toBe(20);

    const json = JSON.parse(readFileSync(report, 'utf8'));
    // What the API says it charged: 8 gen4_turbo × 5 s × 5 + 10 gen4.5 × 5 s × 12; failures cost nothing.
    expect(json).toMatchObject({ total: 20, succeeded: 18, failed: 2, exitCode: 6, credits: 800 });
    expect(r.stderr).toContain('credits charged in this run: 800');
    expect(json.jobs.find((j: { id: string }) => j.id === 'job-07')).toMatchObject({
      state: 'moderated',
      exitCode: 6,
      error: { failureCode: 'INPUT_PREPROCESSING.SAFETY.TEXT' },
    });
    expect(json.jobs.find((j: { id: string }) => j.id === 'job-13')).toMatchObject({ state: 'failed', exitCode: 5 });
    expect(json.jobs.filter((j: { files: unknown[] }) => j.files.length === 1)).toHaveLength(18);

    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites.testsuite;
    expect(suite['@_tests']).toBe('20');
    expect(suite['@_failures']).toBe('2');
    const failed = suite.testcase.filter((c: Record<string, unknown>) => c.failure);
    expect(failed.map((c: { '@_name': string }) => c['@_name'])).toEqual(['job-07 (line 7): gen4_turbo', 'job-13 (line 13): gen4_turbo']);
    expect(failed[0].failure['#text']).toMatch(/Text prompt did not pass moderation/);

    resetSim(sim);
    const again = await runCli(['batch', file, ...provider(), '--concurrency', '4', '--out', out, '--report', report], {
      env: env(),
      cwd: work.path,
    });
    expect(again.code).toBe(6);
    expect(sim.stats().total).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.mp4'))).toHaveLength(18);
    const second = JSON.parse(readFileSync(report, 'utf8'));
    expect(second.jobs.filter((j: { origin: string }) => j.origin === 'done-before')).toHaveLength(18);
    expect(second.credits).toBeNull();
    expect(second.jobs.filter((j: { origin: string }) => j.origin === 'failed-before').map((j: { id: string }) => j.id)).toEqual([
      'job-07',
      'job-13',
    ]);
    expect(again.stderr).toMatch(/job-07, job-13 failed in an earlier run and were only re-reported; add --retry-failed/);
  });

  it('--shard 1/3, 2/3 and 3/3 together run every job exactly once', async () => {
    const file = twentyJobs();
    const ids: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const report = join(work.path, `report-${shard[0]}.json`);
      const r = await runCli(
        ['batch', file, ...provider(), '--shard', shard, '--concurrency', '8', '--out', join(work.path, 'out'), '--report', report],
        { env: env(`state-${shard[0]}`), cwd: work.path },
      );
      expect([0, 5, 6]).toContain(r.code);
      const jobs = JSON.parse(readFileSync(report, 'utf8')).jobs as { id: string }[];
      expect(jobs.length).toBeGreaterThan(0);
      ids.push(...jobs.map((j) => j.id));
    }
    expect(ids.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `job-${String(i + 1).padStart(2, '0')}`));
    expect(count(sim, 'runwayml.create')).toBe(20);
  });
});

describe('other inputs', () => {
  it('a CSV batch with a header row, quoted fields and kebab-case columns', async () => {
    const csv = [
      'id,model,prompt,image,last-frame,seed',
      'c1,veo3.1,"a storm, then calm",lighthouse.png,lighthouse.png,7',
      'c2,gen4.5,"say ""hello""",,,',
    ].join('\r\n');
    const file = join(work.path, 'inputs', 'jobs.csv');
    writeFileSync(file, csv);
    const r = await runCli(['batch', file, ...provider(), '--out', join(work.path, 'out'), '--json'], { env: env(), cwd: work.path });
    expect(r.code).toBe(0);
    const jobs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jobs.map((j) => [j.id, j.model, j.state])).toEqual([
      ['c1', 'veo3.1', 'succeeded'],
      ['c2', 'gen4.5', 'succeeded'],
    ]);
    const bodies = sim
      .requests()
      .filter((q) => q.route === 'runwayml.create')
      .map((q) => q.body as Record<string, unknown>);
    expect(bodies.find((b) => b.model === 'veo3.1')).toMatchObject({ promptText: 'a storm, then calm', seed: 7 });
    expect(bodies.find((b) => b.model === 'gen4.5')).toMatchObject({ promptText: 'say "hello"' });
  });

  it('a batch from stdin', async () => {
    const input = `${JSON.stringify({ model: 'gen4.5', prompt: 'from stdin' })}\n`;
    const r = await runCli(['batch', '-', ...provider(), '--out', join(work.path, 'out')], { env: env(), input, cwd: work.path });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/gen4\.5-.*\.mp4$/);
  });

  it('a batch with no jobs exits 2 (empty stdin, comments only, a bare CSV header); an empty shard of a real batch is fine', async () => {
    const cases: [string, string, RegExp][] = [
      ['-', '', /The batch stdin is empty/],
      [
        join(work.path, 'inputs', 'comments.jsonl'),
        '# nothing yet\n\n',
        /The batch .*comments\.jsonl has no jobs: every line is blank or a comment/,
      ],
      [join(work.path, 'inputs', 'header.csv'), 'model,prompt\n', /The batch .*header\.csv has no jobs: no rows under the header/],
    ];
    for (const [source, text, message] of cases) {
      if (source !== '-') writeFileSync(source, text);
      const r = await runCli(['batch', source, ...provider()], { env: env(), input: text, cwd: work.path });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const one = join(work.path, 'inputs', 'one.jsonl');
    writeFileSync(one, `${JSON.stringify({ id: 'only', model: 'gen4.5', prompt: 'alone' })}\n`);
    const shards = await Promise.all(
      ['1/2', '2/2'].map((shard) =>
        runCli(['batch', one, ...provider(), '--shard', shard, '--out', join(work.path, 'out')], {
          env: env(`state-${shard[0]}`),
          cwd: work.path,
        }),
      ),
    );
    expect(shards.map((r) => r.code)).toEqual([0, 0]);
    expect(shards.filter((r) => /shard \d\/2 has none of the batch's 1 job\(s\); nothing to do/.test(r.stderr))).toHaveLength(1);
    expect(count(sim, 'runwayml.create')).toBe(1);
  });

  it('an invalid line stops the batch before anything is submitted; --skip-invalid runs the rest', async () => {
    const file = join(work.path, 'inputs', 'mixed.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ model: 'gen4.5', prompt: 'fine' }),
        '{not json',
        JSON.stringify({ model: 'gen4', prompt: 'no image' }),
        JSON.stringify({ model: 'gen4.5', prompt: 'x', ratio: '1:1' }),
        JSON.stringify({ model: 'gen4.5', prompt: 'x', colour: 'red' }),
      ].join('\n'),
    );
    const r = await runCli(['batch', file, ...provider(), '--out', join(work.path, 'out')], { env: env(), cwd: work.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/4 invalid line\(s\); nothing was submitted/);
    expect(r.stderr).toMatch(/mixed\.jsonl:2: not valid JSON/);
    expect(r.stderr).toMatch(/mixed\.jsonl:3: gen4_turbo on runwayml needs an image/);
    expect(r.stderr).toMatch(/mixed\.jsonl:4: Ratio 1:1 is not available/);
    expect(r.stderr).toMatch(/mixed\.jsonl:5: unknown field "colour"/);
    expect(sim.stats().total).toBe(0);
    const skip = await runCli(['batch', file, ...provider(), '--out', join(work.path, 'out'), '--skip-invalid'], {
      env: env(),
      cwd: work.path,
    });
    expect(skip.code).toBe(0);
    expect(count(sim, 'runwayml.create')).toBe(1);
  });
});

describe('cost awareness', () => {
  it('--dry-run sends nothing and prints every request with the estimate', async () => {
    const file = twentyJobs();
    const r = await runCli(['batch', file, ...provider(), '--dry-run'], { env: env(), cwd: work.path });
    expect(r.code).toBe(0);
    expect(sim.stats().total).toBe(0);
    expect(r.stdout.match(/^POST http:\/\/127\.0\.0\.1:\d+\/v1\/(image|text)_to_video$/gm)).toHaveLength(20);
    expect(r.stdout).toMatch(/authorization: Bearer key_…cdef/);
    expect(r.stdout).not.toContain(testKey);
    // 10 × gen4_turbo (5 credits/s) + 10 × gen4.5 (12 credits/s), 5 s each
    expect(r.stdout).toMatch(/total estimated cost: 850 credits/);
  });

  it('--max-credits below the estimate exits 2 before any request', async () => {
    const file = twentyJobs();
    const r = await runCli(['batch', file, ...provider(), '--max-credits', '849'], { env: env(), cwd: work.path });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/estimated cost is 850 credits, above --max-credits 849/);
    expect(sim.stats().total).toBe(0);
  });

  it('warns before submitting when the estimate is above the balance; the jobs past the balance fail as not created', async () => {
    sim.context.credits = 130;
    try {
      const file = join(work.path, 'inputs', 'three.jsonl');
      writeFileSync(file, ['a', 'b', 'c'].map((id) => JSON.stringify({ id, model: 'gen4.5', prompt: id })).join('\n'));
      const r = await runCli(['batch', file, ...provider(), '--concurrency', '1', '--out', join(work.path, 'out')], {
        env: env(),
        cwd: work.path,
      });
      expect(r.stderr).toMatch(/warning: these 3 jobs are estimated at 180 credits, above runwayml's balance of 130/);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/2 of 3 succeeded; look at: c \(line 3\)/);
    } finally {
      sim.context.credits = 1_000_000;
    }
  });

  it('generate --dry-run prints the exact request; --max-credits guards it too', async () => {
    const r = await runCli(['gen4', ...provider(), '--prompt', 'x', '--image', lighthouse, '--duration', '10', '--dry-run', '--json'], {
      env: env(),
      cwd: work.path,
    });
    expect(r.code).toBe(0);
    const preview = JSON.parse(r.stdout);
    expect(preview).toMatchObject({
      dryRun: true,
      estimate: { amount: 50, unit: 'credits' },
      request: { method: 'POST', body: { model: 'gen4_turbo', duration: 10 } },
    });
    expect(preview.request.body.promptImage).toMatch(/^<data:image\/png;base64 of lighthouse\.png/);
    const refused = await runCli(['gen4', ...provider(), '--prompt', 'x', '--image', lighthouse, '--max-credits', '10'], {
      env: env(),
      cwd: work.path,
    });
    expect(refused.code).toBe(2);
    expect(sim.stats().total).toBe(0);
  });
});

describe('output templates and info files', () => {
  it('-o fields are filled and sanitised; --write-info-json writes a reproducible record', async () => {
    const out = join(work.path, 'out');
    const r = await runCli(
      [
        'gen4',
        ...provider(),
        '--prompt',
        'A lighthouse: at dusk / waves!',
        '--image',
        lighthouse,
        '--seed',
        '42',
        '--out',
        out,
        '-o',
        '{model}/{seed}-{ratio}-{duration}-{prompt:20}-{task:8}',
        '--write-info-json',
      ],
      { env: env(), cwd: work.path },
    );
    expect(r.code).toBe(0);
    const file = r.stdout.trim();
    expect(file).toMatch(/out\/gen4_turbo\/42-1280x720-5s-a-lighthouse-at-dusk-[0-9a-f]{8}\.mp4$/);
    const info = JSON.parse(readFileSync(`${join(work.path, file)}.json`, 'utf8'));
    expect(info).toMatchObject({
      provider: 'runwayml',
      model: 'gen4_turbo',
      seed: 42,
      ratio: '1280:720',
      duration: 5,
      prompt: 'A lighthouse: at dusk / waves!',
      bytes: fixtureMp4().length,
    });
    expect(info.command).toEqual(expect.arrayContaining(['runway', 'gen4', '--seed', '42']));
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the same batch run twice at once', () => {
  it('(a CI retry over a running job) pays for each line once: the second run waits for the first and reports its files', async () => {
    const file = gen4Batch(
      'twice',
      Array.from({ length: 6 }, (_, i) => `twice ${i} [sim:seconds=0.5]`),
    );
    const args = ['batch', file, ...provider(), '--concurrency', '2', '--out', join(work.path, 'out')];
    const first = startCli(args, { env: env(), cwd: work.path });
    const second = await runCli(args, { env: env(), cwd: work.path, timeoutMs: 60_000 });
    const firstDone = await first.done;
    expect([firstDone.code, second.code]).toEqual([0, 0]);
    expect(count(sim, 'runwayml.create')).toBe(6);
    const files = (text: string) => text.trim().split('\n').sort();
    expect(files(second.stdout)).toHaveLength(6);
    expect(files(second.stdout)).toEqual(files(firstDone.stdout));
    expect(readdirSync(join(work.path, 'out'))).toHaveLength(6);
  });
});

describe('Ctrl-C in a batch', () => {
  it('exits 130 naming what was started and what was not; the same command then finishes it, each line paid once', async () => {
    const file = gen4Batch(
      'stop',
      Array.from({ length: 4 }, (_, i) => `stop ${i} [sim:seconds=1]`),
    );
    const args = ['batch', file, ...provider(), '--concurrency', '1', '--out', join(work.path, 'out')];
    const run = startCli(args, { env: env(), cwd: work.path });
    await waitFor(journalHas('created'), 10_000, 'the first task created');
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/line 1\s+interrupted\s+[\d.]+\s+Interrupted\. Task [0-9a-f-]{36} is recorded in the journal/);
    expect(stopped.stderr).toMatch(/line 4\s+interrupted\s+[\d.]+\s+Not submitted: interrupted before its turn/);
    const again = await runCli(args, { env: env(), cwd: work.path, timeoutMs: 60_000 });
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n')).toHaveLength(4);
    expect(count(sim, 'runwayml.create')).toBe(4);
  });
});

describe('a line whose create is in flight in another process', () => {
  it('is not given up as "unknown": the second run waits for the answer and reports the file', async () => {
    sim.setFaults('create:slow@1');
    const file = gen4Batch('one', ['in flight']);
    const args = ['batch', file, ...provider(), '--out', join(work.path, 'out')];
    const first = startCli(args, { env: env(), cwd: work.path });
    await waitFor(journalHas('intent'), 10_000, 'the first run journaling its intent');
    const second = await runCli(args, { env: env(), cwd: work.path, timeoutMs: 60_000 });
    // Under load the first run may already hold the task when the second looks: it then waits on the job's lock instead.
    expect(second.stderr).toMatch(/(line 1|Task \S+) is being (run|finished) by another runway process \(pid \d+\); waiting for it/);
    expect([(await first.done).code, second.code]).toEqual([0, 0]);
    expect(count(sim, 'runwayml.create')).toBe(1);
    expect(second.stdout.trim()).toMatch(/out\/gen4_turbo-\S+\.mp4$/);
  });
});

describe('jobs that plan the same file name', () => {
  it('a template without {task}: each job downloads into its own .part and gets its own file', async () => {
    const size = 4 * 1024 * 1024;
    const file = gen4Batch(
      'same',
      Array.from({ length: 4 }, (_, i) => `take ${i} [sim:size=${size}]`),
    );
    const out = join(work.path, 'out');
    const r = await runCli(['batch', file, ...provider(), '--concurrency', '4', '--out', out, '-o', '{model}', '--json'], {
      env: env(),
      cwd: work.path,
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['gen4_turbo-1.mp4', 'gen4_turbo-2.mp4', 'gen4_turbo-3.mp4', 'gen4_turbo.mp4']);
    const expected = new Artifact(size, 5).bytes();
    const reported = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).files[0]);
    for (const saved of reported) {
      const bytes = readFileSync(saved.file);
      expect(bytes.equals(expected)).toBe(true);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(saved.sha256);
    }
  });
});

describe('completion', () => {
  it('bash -n accepts the bash script, and every script lists every command', async () => {
    const help = await runCli(['--help'], {});
    const commands = [...help.stdout.matchAll(/^ {2}([a-z][a-z0-9.-]*)/gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(15);
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await runCli(['completion', shell], {});
      expect(r.code).toBe(0);
      for (const command of commands) expect(r.stdout, `${shell} lists ${command}`).toContain(command);
      expect(r.stdout).toContain('openai-hk-legacy');
      expect(r.stdout).toContain('gen3a_turbo');
    }
    const bash = (await runCli(['completion', 'bash'], {})).stdout;
    const file = join(work.path, 'runway.bash');
    writeFileSync(file, bash);
    const { execFileSync } = await import('node:child_process');
    expect(() => execFileSync('bash', ['-n', file])).not.toThrow();
  });
});
