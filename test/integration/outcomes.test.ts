/**
 * Commands as data: the core entry points a command calls return outcomes another front end
 * (the MCP server, the gallery) can use without a terminal, and the provider capabilities that
 * decide prices are one answer for `runway models` and `--dry-run` alike.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSession, type Session } from '../../src/core/session/session.js';
import { ConfigStore } from '../../src/core/session/config.js';
import { generateCommand } from '../../src/core/generation/command.js';
import { planGeneration } from '../../src/core/generation/plan.js';
import { costOf } from '../../src/core/cost/dry-run.js';
import { modelTable } from '../../src/core/models/model-list.js';
import { PriceBook } from '../../src/core/cost/price-book.js';
import { buildRequest } from '../../src/core/inputs/request-options.js';
import { allProviders } from '../../src/core/session/providers.js';
import { ModerationError } from '../../src/core/errors.js';
import type { GenerationAsk } from '../../src/core/generation/ask.js';
import { testKey } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';

const t = useSim({ keys: [testKey] });

async function withSession<T>(body: (session: Session) => Promise<T>, provider = 'runwayml', config?: ConfigStore): Promise<T> {
  const session = await openSession({
    provider,
    baseUrl: provider === 'runwayml' ? t.sim.apiUrl : undefined,
    apiKey: testKey,
    pollInterval: 0.05,
    env: { RUNWAY_CONFIG_DIR: t.state.path },
    events: () => undefined,
    ...(config ? { config } : {}),
  });
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}

const ask = (prompt: string, extra: Partial<GenerationAsk> = {}): GenerationAsk => ({
  model: 'gen4.5',
  request: buildRequest({ duration: 2 }, prompt),
  wait: true,
  then: [],
  onlyFinal: false,
  writeInfoJson: false,
  budget: { dryRun: false },
  place: { out: t.out.path },
  command: ['gen4.5'],
  ...extra,
});

describe('generateCommand returns what came of it', () => {
  it('a saved clip, a dry run (nothing sent) and a failure are each an outcome with its data', async () => {
    const saved = await withSession((session) => generateCommand(session, ask('a lighthouse')));
    expect(saved.kind).toBe('saved');
    if (saved.kind !== 'saved') return;
    expect(saved.result.outputs).toHaveLength(1);
    expect(existsSync(saved.result.outputs[0]?.file as string)).toBe(true);
    expect(saved.result.outputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.intent).toMatchObject({ model: 'gen4.5', duration: 2, prompt: 'a lighthouse' });

    const requests = t.sim.requests().length;
    const preview = await withSession((session) => generateCommand(session, ask('a lighthouse', { budget: { dryRun: true } })));
    expect(preview.kind).toBe('preview');
    if (preview.kind === 'preview') expect(preview.preview.total.amount).toBe(24);
    expect(t.sim.requests().length).toBe(requests);

    const failed = await withSession((session) => generateCommand(session, ask('[sim:moderation] a lighthouse')));
    expect(failed.kind).toBe('failed');
    if (failed.kind !== 'failed') return;
    expect(failed.error).toBeInstanceOf(ModerationError);
    expect(failed.planned).toMatchObject({ provider: 'runwayml', model: 'gen4.5', duration: 2 });
  });
});

describe('a user-defined provider on the official protocol', () => {
  it("`runway models` and the dry-run estimate agree on every model's price", async () => {
    const config = new ConfigStore(t.state.path);
    await config.set('providers.myproxy.protocol', 'official');
    await config.set('providers.myproxy.base-url', t.sim.apiUrl);
    const table = modelTable(config, PriceBook.at(t.state.path), 'myproxy');
    expect(table.provider).toBe('myproxy');
    const priced = table.rows.filter((row) => row.price !== null).map((row) => row.model);
    expect(priced).toEqual(expect.arrayContaining(['gen4.5', 'gen4_turbo', 'veo3.1', 'veo3.1_fast']));
    await withSession(
      async (session) => {
        const checked: string[] = [];
        // Every text-to-video model that can be planned from a prompt alone (a few need a ratio given).
        for (const row of table.rows.filter((r) => r.endpoints.includes('text_to_video') && r.ratios.length > 0)) {
          const plan = await planGeneration(
            session.provider,
            row.model,
            buildRequest({}, 'a lighthouse'),
            allProviders(config.userProviders()),
          );
          const cost = costOf(session, plan);
          checked.push(row.model);
          const perSecond = row.price === null ? null : Number(/^(\d+) credits\/s$/.exec(row.price)?.[1]);
          expect(cost.estimate?.amount ?? null, row.model).toBe(
            perSecond === null || plan.duration === undefined ? null : perSecond * plan.duration,
          );
        }
        expect(checked).toEqual(expect.arrayContaining(['gen4.5', 'veo3.1', 'veo3.1_fast', 'seedance2']));
      },
      'myproxy',
      config,
    );
  });
});
