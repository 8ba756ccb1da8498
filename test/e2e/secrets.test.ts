/**
 * No output of any command contains a full key: stdout, stderr (including --debug traces and
 * a server that echoes the key back), the journal, locks and the simulator's task files.
 * Only the config file holds the stored key, by design.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { lighthouse, runCli, tempDir, testKey } from '../helpers/cli.js';
import { fastSim } from '../helpers/sim.js';

let sim: Simulator;
const state = tempDir();
const out = tempDir();
const wrongKey = `key_${'9'.repeat(128)}`;
const hkKey = `hk-${'Zq8'.repeat(12)}`;

beforeAll(async () => {
  sim = await fastSim({ keys: [testKey, hkKey] });
});
afterAll(async () => {
  await sim.close();
  state.cleanup();
  out.cleanup();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('keys never leak', () => {
  it('across success, failure, rejection, debug traces, JSON, dry runs and state files', async () => {
    const env = { RUNWAY_CONFIG_DIR: state.path };
    const base = ['--base-url', sim.apiUrl, '--poll-interval', '0.05', '--out', out.path];
    const runs = [
      ['gen4', '--provider', 'runwayml', ...base, '--api-key', testKey, '--prompt', 'ok', '--image', lighthouse, '--debug'],
      ['gen4', '--provider', 'runwayml', ...base, '--api-key', testKey, '--prompt', 'ok', '--image', lighthouse, '--json', '--debug'],
      [
        'gen4',
        '--provider',
        'runwayml',
        ...base,
        '--api-key',
        testKey,
        '--prompt',
        '[sim:moderation]',
        '--image',
        lighthouse,
        '--debug',
        '--json',
      ],
      ['gen4', '--provider', 'runwayml', ...base, '--api-key', wrongKey, '--prompt', 'rejected', '--image', lighthouse, '--debug'],
      ['gen4', '--provider', 'runwayml', ...base, '--api-key', testKey, '--prompt', 'dry', '--image', lighthouse, '--dry-run'],
      [
        'gen3',
        '--provider',
        'openai-core',
        '--base-url',
        sim.urlFor('openai-core'),
        '--poll-interval',
        '0.05',
        '--out',
        out.path,
        '--api-key',
        hkKey,
        '--prompt',
        'web',
        '--image',
        lighthouse,
        '--debug',
      ],
      ['upload', lighthouse, '--provider', 'runwayml', '--base-url', sim.apiUrl, '--api-key', testKey, '--debug'],
      ['credits', '--provider', 'runwayml', '--base-url', sim.apiUrl, '--api-key', testKey, '--debug', '--json'],
      ['list', '--json'],
      ['auth', 'status', '--json'],
      ['config', 'list', '--json'],
    ];
    let seen = '';
    const codes: (number | null)[] = [];
    for (const args of runs) {
      const r = await runCli(args, { env });
      codes.push(r.code);
      seen += r.stdout + r.stderr;
    }
    const stored = await runCli(['auth', 'set', 'runwayml'], { env, input: testKey });
    seen += stored.stdout + stored.stderr;
    const status = await runCli(['auth', 'status'], { env });
    seen += status.stdout + status.stderr;
    const fromStore = await runCli(['gen4.5', '--provider', 'runwayml', ...base, '--prompt', 'stored', '--debug'], { env });
    seen += fromStore.stdout + fromStore.stderr;

    expect(codes).toEqual([0, 0, 6, 3, 0, 0, 0, 0, 0, 0, 0]);
    expect(seen).toContain('debug: #1 → POST');
    expect(seen).toMatch(/"authorization":"Bearer key_…cdef"/);
    expect(seen).toMatch(/Invalid API key \(got "key_…9999"\)/);
    for (const key of [testKey, wrongKey, hkKey]) {
      expect(seen).not.toContain(key);
      expect(seen).not.toContain(key.slice(4, 40));
    }
    for (const file of filesUnder(state.path).filter((f) => !f.endsWith('config.json'))) {
      const text = readFileSync(file, 'utf8');
      for (const key of [testKey, wrongKey, hkKey]) expect(text, file).not.toContain(key);
    }
  });
});
