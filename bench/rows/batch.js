// Rows 4 and 6: a batch of jobs whose tasks take 2 s, 16 at a time: `runway batch` against the
// ideal ceil(jobs/16) × 2 s and against a script using the official SDK; the CLI's CPU per job
// and its peak memory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, fmt, root, run, runway, versus } from '../lib/measure.js';
import { startSim } from '../lib/sim.js';

export async function batch({ quick, workDir, stateDir }) {
  const jobs = quick ? 64 : 200;
  const concurrency = 16;
  const taskSeconds = 2;
  // Quick mode runs simulated time 4× faster; both clients see the same scaled clock.
  const scale = quick ? 4 : 1;
  const sim = await startSim(['--run-seconds', String(taskSeconds), '--queue-seconds', '0', '--time-scale', String(scale)]);
  try {
    const file = join(workDir, 'batch.jsonl');
    writeFileSync(
      file,
      Array.from({ length: jobs }, (_, i) => JSON.stringify({ model: 'gen4.5', prompt: `batch benchmark job ${i + 1}` })).join('\n'),
    );
    const ideal = Math.ceil(jobs / concurrency) * taskSeconds;

    const ours = expectOk(
      await runway(
        [
          'batch',
          file,
          '--provider',
          'sim',
          '--base-url',
          sim.api,
          '--concurrency',
          String(concurrency),
          '--out',
          join(workDir, 'batch-ours'),
          '-q',
        ],
        {
          env: { RUNWAY_CONFIG_DIR: join(stateDir, 'batch'), RUNWAY_API_KEY: 'key_bench', RUNWAY_TIME_SCALE: String(scale) },
          probed: true,
        },
      ),
      'runway batch',
    );
    mkdirSync(join(workDir, 'batch-sdk'), { recursive: true });
    const sdk = expectOk(
      await run(process.execPath, [join(root, 'bench', 'baselines', 'sdk-batch.mjs')], {
        env: {
          BASE_URL: sim.api,
          API_KEY: 'key_bench',
          JOBS_FILE: file,
          CONCURRENCY: String(concurrency),
          SCALE: String(scale),
          OUT_DIR: join(workDir, 'batch-sdk'),
        },
      }),
      'SDK batch script',
    );
    const oursSeconds = (ours.ms / 1000) * scale;
    const sdkSeconds = (sdk.ms / 1000) * scale;
    const cpuPerJob = ours.probe.cpuMs / jobs;
    const label = `${jobs} jobs, concurrency ${concurrency}, 2 s tasks${scale > 1 ? ` (clock ×${scale})` : ''}`;
    return [
      {
        id: '4',
        what: `batch of ${label}: wall (simulated s)`,
        baseline: `ideal ceil(${jobs}/16) × 2 s`,
        ...versus(ideal, oursSeconds, fmt.s),
        target: '≤ 1.2×',
        met: oursSeconds / ideal <= 1.2,
      },
      {
        id: '4',
        what: `batch of ${label}: wall against the official SDK`,
        baseline: '@runwayml/sdk script',
        ...versus(sdkSeconds, oursSeconds, fmt.s),
        target: '< 1× (faster)',
        met: oursSeconds < sdkSeconds,
      },
      {
        id: '4',
        what: `batch of ${label}: CLI CPU per job`,
        baseline: '—',
        baselineText: '—',
        oursText: `${cpuPerJob.toFixed(1)} ms`,
        ratio: null,
        ratioText: '—',
        target: '≤ 10 ms',
        met: cpuPerJob <= 10,
      },
      {
        id: '6',
        what: `memory of the ${jobs}-job batch: peak RSS`,
        baseline: '—',
        baselineText: '—',
        oursText: fmt.mb(ours.probe.maxRssMb),
        ratio: null,
        ratioText: '—',
        target: '≤ 150 MB',
        met: ours.probe.maxRssMb <= 150,
      },
    ];
  } finally {
    await sim.stop();
  }
}
