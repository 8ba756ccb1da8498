// Row 1: wall time of `runway --version`, `--help` and `status <id>` against `node -e 0`,
// interleaved round by round so machine noise hits all of them alike; and `status <id>` and a
// whole `generate` with a 100,000-job journal against the same with an empty one.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { bin, expectOk, fmt, median, run, runway, versus } from '../lib/measure.js';

/** A journal of `jobs` settled jobs (intent, created, succeeded, downloaded), the task `taskId` last. */
function bigJournal(dir, jobs, taskId) {
  mkdirSync(dir, { recursive: true });
  const fd = openSync(join(dir, 'journal.jsonl'), 'w');
  const intent = {
    provider: 'runwayml',
    baseUrl: 'https://api.dev.runwayml.com',
    protocol: 'official',
    model: 'gen4.5',
    prompt: 'a lighthouse at dusk, waves crashing',
    inputs: {},
    ratio: '1280:720',
    duration: 5,
    seed: 42,
    outDir: '/tmp/out',
    command: ['gen4.5'],
  };
  let text = '';
  for (let i = 0; i < jobs; i++) {
    const job = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const task = i === jobs - 1 ? taskId : `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    text += `${JSON.stringify({ type: 'intent', job, at, intent })}\n${JSON.stringify({ type: 'created', job, at, taskId: task })}\n`;
    text += `${JSON.stringify({ type: 'succeeded', job, at, outputs: [{ url: 'https://storage/x.mp4', file: `/tmp/out/${i}.mp4` }] })}\n`;
    text += `${JSON.stringify({ type: 'downloaded', job, at, index: 0, file: `/tmp/out/${i}.mp4`, bytes: 1000, sha256: 'a'.repeat(64) })}\n`;
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text);
  closeSync(fd);
}

export async function startup({ quick, sim, stateDir }) {
  const rounds = quick ? 7 : 21;
  const id = await sim.create('startup benchmark');
  await sim.waitSucceeded(id);
  const env = { RUNWAY_CONFIG_DIR: stateDir, RUNWAY_API_KEY: 'key_bench' };
  const bigState = join(stateDir, 'big-journal');
  const jobs = 100_000;
  bigJournal(bigState, jobs, id);
  const bigEnv = { RUNWAY_CONFIG_DIR: bigState, RUNWAY_API_KEY: 'key_bench' };
  const generate = (envOf) =>
    runway(
      [
        'gen4.5',
        '--prompt',
        'startup benchmark',
        '--provider',
        'runwayml',
        '--base-url',
        sim.api,
        '--poll-interval',
        '0.05',
        '--out',
        join(stateDir, 'generated'),
        '-q',
      ],
      { env: envOf },
    );
  const commands = {
    base: () => run(process.execPath, ['-e', '0']),
    version: () => runway(['--version'], { env }),
    help: () => runway(['--help'], { env }),
    status: () => runway(['status', id, '--provider', 'runwayml', '--base-url', sim.api], { env }),
    statusBig: () => runway(['status', id, '--provider', 'runwayml', '--base-url', sim.api], { env: bigEnv }),
    generate: () => generate(env),
    generateBig: () => generate(bigEnv),
  };
  // RUNWAY_BENCH_NODE: another Node (CI gives 24) on which `status` is measured too, against its own `node -e 0`.
  const other = process.env.RUNWAY_BENCH_NODE;
  if (other) {
    commands.otherBase = () => run(other, ['-e', '0']);
    commands.otherStatus = () => run(other, [bin, 'status', id, '--provider', 'runwayml', '--base-url', sim.api], { env });
  }
  const names = Object.keys(commands);
  for (const name of names) for (let i = 0; i < 2; i++) expectOk(await commands[name](), name);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) times[name].push(expectOk(await commands[name](), name).ms);
  }
  const base = median(times.base);
  const row = (what, name, target) => {
    const ours = median(times[name]);
    const ratio = ours / base;
    return {
      id: '1',
      what,
      baseline: 'node -e 0',
      ...versus(base, ours, fmt.ms),
      target: target ? `≤ ${target}×` : '—',
      met: target ? ratio <= target : null,
      raw: { base: times.base, ours: times[name] },
    };
  };
  const otherRows = other
    ? [
        {
          id: '1',
          what: `\`runway status <id>\` wall time on Node ${(await run(other, ['--version'])).stdout.trim()} (this one: ${process.version})`,
          baseline: `node -e 0 on that Node`,
          ...versus(median(times.otherBase), median(times.otherStatus), fmt.ms),
          target: '—',
          met: null,
          raw: { base: times.otherBase, ours: times.otherStatus },
        },
      ]
    : [];
  const empty = median(times.status);
  const big = median(times.statusBig);
  return [
    row('`runway --version` wall time', 'version', 1.5),
    row('`runway --help` wall time', 'help', 1.5),
    row('`runway status <id>` wall time (one query)', 'status'),
    ...otherRows,
    {
      id: '1',
      what: `\`runway status <id>\` with a ${jobs.toLocaleString('en')}-job journal (the task among the newest)`,
      baseline: 'the same, empty journal',
      ...versus(empty, big, fmt.ms),
      target: '≤ 1.1×',
      met: big / empty <= 1.1,
      raw: { empty: times.status, big: times.statusBig },
    },
    {
      id: '1',
      what: `a whole \`runway gen4.5\` (create, wait, save) with a ${jobs.toLocaleString('en')}-job journal`,
      baseline: 'the same, empty journal',
      ...versus(median(times.generate), median(times.generateBig), fmt.ms),
      target: '≤ 1.1×',
      met: median(times.generateBig) / median(times.generate) <= 1.1,
      raw: { empty: times.generate, big: times.generateBig },
    },
  ];
}
