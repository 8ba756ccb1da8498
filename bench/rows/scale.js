// Row 7: batches of 100,000 jobs (quick: 3,000) against one of 2,000 (quick: 600), in the same run:
// jobs per second in the first and the last tenth of the big one (read from the journal's
// "downloaded" records), CPU per job of each, and the big one's peak RSS. Tasks take 0.1 s,
// 64 at a time: what is measured is the CLI's own cost per job as the journal grows.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, fmt, runway } from '../lib/measure.js';
import { startSim } from '../lib/sim.js';

function jobsFile(dir, name, count) {
  const file = join(dir, name);
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ model: 'gen4.5', prompt: `scale job ${i + 1}` }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Completion times (ms) of the batch's jobs, in order, from its journal. */
function completions(stateDir) {
  const times = [];
  for (const line of readFileSync(join(stateDir, 'journal.jsonl'), 'utf8').split('\n')) {
    if (line.includes('"type":"downloaded"')) times.push(Date.parse(JSON.parse(line).at));
  }
  return times.sort((a, b) => a - b);
}

async function batchOf(count, { workDir, stateDir }, sim, name) {
  const state = join(stateDir, name);
  const file = jobsFile(workDir, `${name}.jsonl`, count);
  const result = expectOk(
    await runway(
      [
        'batch',
        file,
        '--provider',
        'runwayml',
        '--base-url',
        sim.api,
        '--concurrency',
        '64',
        '--poll-interval',
        '0.05',
        '--out',
        join(workDir, name),
        '-q',
      ],
      {
        env: { RUNWAY_CONFIG_DIR: state, RUNWAY_API_KEY: 'key_bench' },
        probed: true,
        timeoutMs: 3_600_000,
      },
    ),
    `runway batch of ${count}`,
  );
  const times = completions(state);
  if (times.length !== count) throw new Error(`${name}: ${times.length} of ${count} jobs saved`);
  const tenth = Math.floor(count / 10);
  const started = times[0] - (times[tenth] - times[0]) / tenth;
  const rate = (from, to) => tenth / Math.max(0.001, (times[to] - (from < 0 ? started : times[from])) / 1000);
  return {
    cpuPerJob: result.probe.cpuMs / count,
    rss: result.probe.maxRssMb,
    first: rate(-1, tenth - 1),
    last: rate(count - tenth - 1, count - 1),
    seconds: result.ms / 1000,
  };
}

export async function scale(context) {
  const big = context.quick ? 3_000 : 100_000;
  const small = context.quick ? 600 : 2_000;
  const sim = await startSim(['--run-seconds', '0.1', '--queue-seconds', '0', '--credits', String(big * 100), '--key', 'key_bench']);
  try {
    const base = await batchOf(small, context, sim, 'scale-small');
    context.log(`scale: ${small} jobs in ${base.seconds.toFixed(0)} s; now ${big}…`);
    const large = await batchOf(big, context, sim, 'scale-big');
    const n = big.toLocaleString('en');
    return [
      {
        id: '7',
        what: `batch of ${n} jobs (0.1 s tasks, 64 at once): jobs/s in the last tenth against the first`,
        baseline: 'the first tenth',
        baselineText: `${large.first.toFixed(0)}/s`,
        oursText: `${large.last.toFixed(0)}/s`,
        ratio: large.last / large.first,
        ratioText: fmt.x(large.last / large.first),
        target: '≥ 0.9×',
        met: large.last / large.first >= 0.9,
      },
      {
        id: '7',
        what: `batch of ${n} jobs: CLI CPU per job`,
        baseline: `a batch of ${small.toLocaleString('en')}`,
        baselineText: `${base.cpuPerJob.toFixed(1)} ms`,
        oursText: `${large.cpuPerJob.toFixed(1)} ms`,
        ratio: large.cpuPerJob / base.cpuPerJob,
        ratioText: fmt.x(large.cpuPerJob / base.cpuPerJob),
        target: '≤ 1×',
        met: large.cpuPerJob <= base.cpuPerJob * 1.05,
      },
      {
        id: '7',
        what: `batch of ${n} jobs: peak RSS`,
        baseline: `a batch of ${small.toLocaleString('en')}`,
        baselineText: fmt.mb(base.rss),
        oursText: fmt.mb(large.rss),
        ratio: large.rss / base.rss,
        ratioText: fmt.x(large.rss / base.rss),
        target: '≤ 150 MB',
        met: large.rss <= 150,
      },
    ];
  } finally {
    await sim.stop();
  }
}
