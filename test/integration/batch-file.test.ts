/**
 * A batch file run in two passes (check, then run) against the simulator: what a line edited
 * between the passes gets, and that the run pass plans a line only when a worker is free for it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/core/session/config.js';
import { SessionPool } from '../../src/core/session/pool.js';
import { checkBatch, type BatchFile } from '../../src/core/batch/check.js';
import { runBatchFile } from '../../src/core/batch/run-file.js';
import type { BatchResult } from '../../src/core/batch/run.js';
import { testKey } from '../helpers/cli.js';
import { count, useSim } from '../helpers/sim.js';

const t = useSim({ keys: [testKey] });

const lines = (prompts: string[]) => `${prompts.map((prompt) => JSON.stringify({ model: 'gen4.5', prompt })).join('\n')}\n`;

async function withBatch(prompts: string[], between: (file: string) => void, concurrency = 2) {
  const path = join(t.out.path, 'jobs.jsonl');
  writeFileSync(path, lines(prompts));
  const file: BatchFile = { source: { path }, format: 'jsonl', baseDir: t.out.path, name: path };
  const config = new ConfigStore(t.state.path);
  const env = { ...process.env, RUNWAY_CONFIG_DIR: t.state.path };
  const sessions = new SessionPool({
    provider: 'runwayml',
    baseUrl: t.sim.apiUrl,
    apiKey: testKey,
    pollInterval: 0.05,
    env,
    events: () => undefined,
    config,
  });
  const settings = { provider: 'runwayml', baseUrl: t.sim.apiUrl, out: t.out.path, retryFailed: false, skipInvalid: false };
  try {
    const checked = await checkBatch(file, settings, sessions, config);
    between(path);
    const results: BatchResult[] = [];
    const started: number[] = [];
    await runBatchFile(checked, settings, sessions, config, concurrency, {
      command: ['batch'],
      onStart: (job) => started.push(job.spec.line),
      onDone: (r) => results.push(r),
    });
    return { checked, results: results.sort((a, b) => a.spec.line - b.spec.line), started };
  } finally {
    await sessions.closeAll();
  }
}

describe('a batch file in two passes', () => {
  it('a line edited after the check is not sent; the others run', async () => {
    const { checked, results } = await withBatch(['one', 'two', 'three'], (path) =>
      writeFileSync(path, lines(['one', 'two, edited', 'three'])),
    );
    expect(checked).toMatchObject({ selected: 3, toSubmit: 3 });
    expect(results.map((r) => [r.spec.line, r.state, r.exitCode])).toEqual([
      [1, 'succeeded', 0],
      [2, 'error', 2],
      [3, 'succeeded', 0],
    ]);
    expect(results[1]?.error?.message).toMatch(/Line 2 changed since the batch was checked; nothing was sent for it/);
    expect(count(t.sim, '.create')).toBe(2);
  });

  it('a line that became invalid is reported, not sent', async () => {
    const { results } = await withBatch(['one', 'two'], (path) =>
      writeFileSync(path, `${JSON.stringify({ model: 'gen4.5', prompt: 'one' })}\n{"model": \n`),
    );
    expect(results.map((r) => [r.spec.line, r.state])).toEqual([
      [1, 'succeeded'],
      [2, 'error'],
    ]);
    expect(results[1]?.error?.message).toMatch(/Line 2 became invalid \(not valid JSON/);
    expect(count(t.sim, '.create')).toBe(1);
  });
});
