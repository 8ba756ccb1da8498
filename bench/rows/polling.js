// Row 5: tasks of 20–60 s with realistic progress, on a time-scaled simulator. For the CLI
// (runwayml preset: 5 s minimum interval) and for the official SDK's waitForTaskOutput on the
// same tasks: poll requests per task, and the delay from each task's completion to the first
// byte of its download — both read from the simulator's own records.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, fmt, median, root, run, runway, versus } from '../lib/measure.js';
import { startSim } from '../lib/sim.js';

function durations(count) {
  return Array.from({ length: count }, (_, i) => Math.round(20 + (40 * i) / Math.max(1, count - 1)));
}

function perTask(tasks, ids) {
  const chosen = tasks.filter((t) => ids.has(t.id));
  return {
    polls: chosen.map((t) => t.polls),
    delays: chosen.map((t) => (t.firstByteAt - t.completedAt) / 1000),
  };
}

export async function polling({ quick, workDir, stateDir }) {
  const scale = quick ? 30 : 20;
  const seconds = durations(quick ? 8 : 24);
  const sim = await startSim(['--time-scale', String(scale), '--queue-seconds', '1']);
  try {
    const file = join(workDir, 'poll.jsonl');
    writeFileSync(
      file,
      seconds.map((s, i) => JSON.stringify({ model: 'gen4.5', prompt: `[sim:seconds=${s}] polling benchmark ${i + 1}` })).join('\n'),
    );
    const report = join(workDir, 'poll-report.json');
    expectOk(
      await runway(
        [
          'batch',
          file,
          '--provider',
          'runwayml',
          '--base-url',
          sim.api,
          '--concurrency',
          String(seconds.length),
          '--out',
          join(workDir, 'poll-ours'),
          '--report',
          report,
          '-q',
        ],
        {
          env: { RUNWAY_CONFIG_DIR: join(stateDir, 'poll'), RUNWAY_API_KEY: 'key_bench', RUNWAY_TIME_SCALE: String(scale) },
        },
      ),
      'runway batch (polling)',
    );
    const ourIds = new Set(JSON.parse(readFileSync(report, 'utf8')).jobs.map((j) => j.taskId));
    const before = new Set((await sim.stats()).tasks.map((t) => t.id));
    mkdirSync(join(workDir, 'poll-sdk'), { recursive: true });
    expectOk(
      await run(process.execPath, [join(root, 'bench', 'baselines', 'sdk-batch.mjs')], {
        env: {
          BASE_URL: sim.api,
          API_KEY: 'key_bench',
          JOBS_FILE: file,
          CONCURRENCY: String(seconds.length),
          SCALE: String(scale),
          OUT_DIR: join(workDir, 'poll-sdk'),
        },
      }),
      'SDK script (polling)',
    );
    const tasks = (await sim.stats()).tasks;
    const sdkIds = new Set(tasks.filter((t) => !before.has(t.id)).map((t) => t.id));
    const ours = perTask(tasks, ourIds);
    const sdk = perTask(tasks, sdkIds);
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const label = `${seconds.length} tasks of ${seconds[0]}–${seconds[seconds.length - 1]} s (clock ×${scale})`;
    return [
      {
        id: '5',
        what: `poll requests per task, ${label}`,
        baseline: 'SDK waitForTaskOutput',
        ...versus(mean(sdk.polls), mean(ours.polls), (n) => n.toFixed(2)),
        target: '≤ 1×',
        met: mean(ours.polls) <= mean(sdk.polls),
        raw: { ours: ours.polls, sdk: sdk.polls },
      },
      {
        id: '5',
        what: `median delay, task completion → first byte of the download (simulated s)`,
        baseline: 'SDK waitForTaskOutput',
        ...versus(median(sdk.delays), median(ours.delays), fmt.s),
        target: '< 1×',
        met: median(ours.delays) < median(sdk.delays),
        raw: { ours: ours.delays, sdk: sdk.delays },
      },
    ];
  } finally {
    await sim.stop();
  }
}
