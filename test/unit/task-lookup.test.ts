/** Finding a task's job from the journal's end gives exactly what folding the whole journal gives. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/core/journal/journal.js';
import type { JobIntent } from '../../src/core/journal/fold.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runway-lookup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const intent: JobIntent = {
  provider: 'runwayml',
  baseUrl: 'https://api.dev.runwayml.com',
  protocol: 'official',
  model: 'gen4.5',
  inputs: {},
  outDir: '/tmp',
  command: [],
};

describe('Journal.findByTask on a large journal', () => {
  it('agrees with the full fold for old, middle, recent, adopted and unknown tasks, records interleaved', () => {
    const writer = new Journal(dir);
    const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
    const jobs = 3000;
    // Two jobs at a time, their records interleaved, as a batch writes them.
    for (let i = 0; i < jobs; i += 2) {
      for (const j of [i, i + 1]) writer.append({ type: 'intent', job: `job-${j}`, at: at(j), intent: { ...intent, prompt: `p${j}` } });
      for (const j of [i, i + 1]) writer.append({ type: 'created', job: `job-${j}`, at: at(j), taskId: `task-${j}` });
      for (const j of [i, i + 1]) writer.append({ type: 'state', job: `job-${j}`, at: at(j), state: 'running', progress: 0.5 });
      for (const j of [i, i + 1])
        writer.append({ type: 'succeeded', job: `job-${j}`, at: at(j), outputs: [{ url: `https://x/${j}`, file: `/tmp/${j}.mp4` }] });
      if (i % 4 === 0)
        writer.append({ type: 'downloaded', job: `job-${i}`, at: at(i), index: 0, file: `/tmp/${i}.mp4`, bytes: 10, sha256: 'ab' });
    }
    writer.append({ type: 'intent', job: 'adopted', at: at(9999), intent, taskId: 'task-adopted' });
    for (const taskId of ['task-0', 'task-1', 'task-1500', 'task-2998', 'task-2999', 'task-adopted', 'task-missing']) {
      const fresh = new Journal(dir).findByTask(taskId);
      const folded = new Journal(dir).jobs().find((j) => j.taskId === taskId);
      expect(fresh, taskId).toEqual(folded);
    }
    expect(new Journal(dir).findByTask('task-0')).toMatchObject({ job: 'job-0', phase: 'downloaded', intent: { prompt: 'p0' } });
    expect(new Journal(dir).findByTask('task-1')).toMatchObject({ job: 'job-1', phase: 'succeeded' });
  });
});
