/**
 * What a person sees: the built binary in a real pseudo-terminal. Colour only from the renderer
 * (and none at all with NO_COLOR), server text made inert before it is styled, and no escape
 * sequence reaching the terminal that the renderer, ora or cli-progress did not make.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lighthouse, runCli, tempDir, testKey } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';
import { brokenColour, foreignEscapes, runInPty } from '../helpers/pty.js';

const t = useSim({ keys: [testKey] });
const env = (extra: Record<string, string> = {}) => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey, ...extra });
const sgr = /\u001b\[[\d;]*m/;
const on = (provider = 'runwayml') => [
  '--provider',
  provider,
  '--base-url',
  t.sim.urlFor(provider),
  '--poll-interval',
  '0.05',
  '--out',
  t.out.path,
];

describe('in a terminal', () => {
  it('the quick start shows "✔ saved …" in colour, and no colour code without its ESC', async () => {
    const state = tempDir();
    try {
      const r = await runInPty(['gen4', '--provider', 'sim', '--prompt', 'a lighthouse at dusk', '--image', lighthouse], {
        env: { RUNWAY_CONFIG_DIR: state.path },
        cwd: t.out.path,
      });
      expect(r.code).toBe(0);
      expect(r.screen).toMatch(/\u001b\[32m✔\u001b\[39m saved gen4_turbo-\d{8}-\d{6}-[0-9a-f]{8}\.mp4/);
      expect(brokenColour(r.screen)).toBe(false);
      expect(foreignEscapes(r.screen)).toEqual([]);
    } finally {
      state.cleanup();
    }
  }, 40_000);

  it('with NO_COLOR=1 no colour sequence at all (cursor control for the spinner is fine)', async () => {
    const r = await runInPty(['gen4', ...on(), '--prompt', 'a lighthouse at dusk', '--image', lighthouse], { env: env({ NO_COLOR: '1' }) });
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/✔ saved /);
    expect(r.screen).not.toMatch(sgr);
    expect(foreignEscapes(r.screen)).toEqual([]);
  });

  it('a warning is styled by the renderer and its text stays text', async () => {
    const r = await runInPty(['gen3', ...on('openai-hk-legacy'), '--prompt', 'waves', '--image', 'https://example.com/a.png'], {
      env: env(),
    });
    expect(r.screen).toMatch(
      /\u001b\[33mwarning\u001b\[39m: --image https:\/\/example\.com\/a\.png is not on openai-hk-legacy's own storage/,
    );
    expect(brokenColour(r.screen)).toBe(false);
    expect(foreignEscapes(r.screen)).toEqual([]);
  });

  it('a 4-job batch shows its bars and the summary', async () => {
    const batch = join(t.out.path, 'four.jsonl');
    writeFileSync(
      batch,
      ['one', 'two', 'three', 'four'].map((p) => JSON.stringify({ model: 'gen4_turbo', prompt: p, image: lighthouse })).join('\n'),
    );
    const r = await runInPty(['batch', batch, ...on()], { env: env() });
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/total +[█░]+ 100%/);
    expect(r.screen).toMatch(/all 4 jobs succeeded/);
    expect(brokenColour(r.screen)).toBe(false);
    expect(foreignEscapes(r.screen)).toEqual([]);
  });

  it('a failure text carrying OSC and CSI sequences is inert in generate, status, list, watch and the batch summary', async () => {
    const hostile = 'a lighthouse [sim:fail=hostile]';
    const generate = await runInPty(['gen4', ...on(), '--prompt', hostile, '--image', lighthouse], { env: env() });
    expect(generate.code).toBe(5);
    const { taskId } = JSON.parse((await runCli(['list', '--json'], { env: env() })).stdout) as { taskId: string };
    const batch = join(t.out.path, 'hostile.jsonl');
    writeFileSync(batch, `${JSON.stringify({ model: 'gen4_turbo', prompt: hostile, image: lighthouse })}\n`);
    const screens = {
      generate: generate.screen,
      status: (await runInPty(['status', taskId, ...on().slice(0, 4)], { env: env() })).screen,
      list: (await runInPty(['list'], { env: env() })).screen,
      watch: (await runInPty(['watch', taskId, ...on().slice(0, 4)], { env: env() })).screen,
      batch: (await runInPty(['batch', batch, ...on()], { env: env() })).screen,
    };
    for (const [command, screen] of Object.entries(screens)) {
      expect(screen, command).toContain(' ]0;PWNED ');
      expect(screen, command).toContain('upstream exploded');
      expect(screen, command).not.toContain('\u001b]');
      expect(screen, command).not.toContain('\u0007');
      expect(screen, command).not.toContain('\u001b[31mupstream');
      expect(screen, command).not.toContain('\u001b[2J');
      expect(foreignEscapes(screen), command).toEqual([]);
    }
  }, 60_000);
});
