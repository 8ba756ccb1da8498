/**
 * The core against the simulator on loopback, without the binary: plan → create → poll →
 * download, the events a renderer sees, and what the journal records.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../src/core/session/session.js';
import { planGeneration } from '../../src/core/generation/plan.js';
import { runGeneration } from '../../src/core/generation/generate.js';
import { buildRequest } from '../../src/core/inputs/request-options.js';
import { allProviders } from '../../src/core/session/providers.js';
import type { CoreEvent } from '../../src/core/events.js';
import { Artifact, fixtureMp4 } from '../../src/sim/artifact.js';
import { lighthouse, testKey } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';

const t = useSim({ keys: [testKey] });

async function generate(faults = '') {
  t.sim.setFaults(faults);
  const events: CoreEvent[] = [];
  const session = await openSession({
    provider: 'runwayml',
    baseUrl: t.sim.apiUrl,
    apiKey: testKey,
    pollInterval: 0.05,
    env: { RUNWAY_CONFIG_DIR: t.state.path },
    events: (e) => events.push(e),
  });
  try {
    const plan = await planGeneration(
      session.provider,
      'gen4',
      buildRequest({ image: lighthouse, seed: 7 }, 'a lighthouse'),
      allProviders(),
    );
    const outcome = await runGeneration(session, plan, { wait: true, outDir: t.out.path, command: ['gen4'] });
    return { outcome, events, journal: session.journal.jobs() };
  } finally {
    await session.close();
  }
}

describe('core against the simulator', () => {
  it('creates, polls and saves, emitting the events a renderer needs, and journals the file with its sha256', async () => {
    const { outcome, events, journal } = await generate();
    const saved = outcome.result?.outputs[0];
    const clip = new Artifact(undefined, 5).bytes();
    expect(saved && readFileSync(saved.file).equals(clip)).toBe(true);
    expect(saved?.sha256).toBe(createHash('sha256').update(clip).digest('hex'));
    const kinds = [...new Set(events.map((e) => e.type))];
    expect(kinds).toEqual(expect.arrayContaining(['created', 'status', 'download-start', 'download-progress', 'download-done']));
    expect(events.filter((e) => e.type === 'status').at(-1)).toMatchObject({ task: { state: 'succeeded' } });
    expect(journal[0]).toMatchObject({
      taskId: outcome.created.taskId,
      phase: 'downloaded',
      intent: { model: 'gen4_turbo', seed: 7, prompt: 'a lighthouse' },
    });
    expect(journal[0]?.outputs[0]?.saved).toMatchObject({ bytes: fixtureMp4().length, sha256: saved?.sha256 });
  });

  it('reports retries as events, with the server-requested delay', async () => {
    const { outcome, events } = await generate('poll:429@retry-after-ms=120');
    expect(outcome.result?.status).toBe('succeeded');
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ purpose: 'check task', reason: 'HTTP 429', delayMs: 120 });
  });
});
