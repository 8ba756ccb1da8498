/**
 * Issue 34: `runway doctor` — each check, what it says when things are well and when they are not,
 * with a hint for every problem; exit 0 when all is well, 1 otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, testKey } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';
import { nodeCheck } from '../../src/core/doctor/checks.js';

const t = useSim({ keys: [testKey] });

interface Report {
  ok: boolean;
  checks: { name: string; status: string; detail: string; hint?: string }[];
}

async function doctor(env: Record<string, string | undefined>, args: string[] = []): Promise<{ code: number | null; report: Report }> {
  const r = await runCli(['doctor', '--json', '--out', t.out.path, ...args], { env: { RUNWAY_CONFIG_DIR: t.state.path, ...env } });
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const check = (report: Report, name: string) => report.checks.find((c) => c.name === name);

describe('runway doctor', () => {
  it('on a fresh machine, --offline: node, ffmpeg, keys, journal, disk and proxy are reported; the missing key is a problem with a hint; exit 1', async () => {
    const { code, report } = await doctor({}, ['--offline']);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['node', 'ffmpeg', 'key runwayml', 'reach', 'journal', 'disk', 'proxy']),
    );
    expect(check(report, 'ffmpeg')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^ffmpeg version/) });
    expect(check(report, 'key runwayml')).toMatchObject({ status: 'problem', hint: expect.stringContaining('runway auth set runwayml') });
    expect(check(report, 'reach')).toMatchObject({ status: 'skipped' });
    expect(check(report, 'journal')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^empty/) });
    expect(check(report, 'disk')).toMatchObject({ status: 'ok', detail: expect.stringContaining(t.out.path) });
    for (const c of report.checks) if (c.status === 'problem' || c.status === 'warn') expect(c.hint, c.name).toBeTruthy();
    expect(t.sim.requests()).toEqual([]);
  });

  it('with a key the provider accepts, it answers and all is well (exit 0); a rejected key, or a host that does not answer, is a problem', async () => {
    const good = await doctor({ RUNWAYML_API_SECRET: testKey, RUNWAYML_BASE_URL: t.sim.apiUrl, FFMPEG_PATH: undefined });
    expect(check(good.report, 'key runwayml')).toMatchObject({ status: 'ok', detail: 'key_…cdef from env RUNWAYML_API_SECRET' });
    expect(check(good.report, 'reach runwayml')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/answers; \d+ credits/) });
    expect(good.code, JSON.stringify(good.report)).toBe(0);
    const wrong = await doctor({ RUNWAYML_API_SECRET: `key_${'f'.repeat(128)}`, RUNWAYML_BASE_URL: t.sim.apiUrl });
    expect(wrong.code).toBe(1);
    expect(check(wrong.report, 'reach runwayml')).toMatchObject({ status: 'problem', detail: expect.stringMatching(/rejects the key/) });
    expect(JSON.stringify(wrong.report)).not.toContain('f'.repeat(40));
    const gone = await doctor({ RUNWAYML_API_SECRET: testKey, RUNWAYML_BASE_URL: 'http://127.0.0.1:9' });
    expect(check(gone.report, 'reach runwayml')).toMatchObject({ status: 'problem', hint: expect.stringContaining('HTTPS_PROXY') });
  });

  it('ffmpeg that is not ffmpeg, an unfinished task in the journal and a proxy with a password are reported, the password masked', async () => {
    const intent = {
      provider: 'runwayml',
      baseUrl: t.sim.apiUrl,
      protocol: 'official',
      model: 'gen4.5',
      inputs: {},
      outDir: t.out.path,
      command: ['gen4.5'],
    };
    mkdirSync(t.state.path, { recursive: true });
    writeFileSync(
      join(t.state.path, 'journal.jsonl'),
      `${JSON.stringify({ type: 'intent', job: 'j1', at: new Date().toISOString(), intent })}\n${JSON.stringify({ type: 'created', job: 'j1', at: new Date().toISOString(), taskId: 'c0ffee00-0000-4000-8000-000000000000' })}\n`,
    );
    const { report } = await doctor({ FFMPEG_PATH: '/bin/true', HTTPS_PROXY: 'http://me:s3cret@proxy.local:3128' }, ['--offline']);
    expect(check(report, 'ffmpeg')).toMatchObject({ status: 'warn', hint: expect.stringContaining('FFMPEG_PATH') });
    expect(check(report, 'journal')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('1 unfinished'),
      hint: expect.stringContaining('runway watch --pending'),
    });
    expect(check(report, 'proxy')?.detail).toBe('HTTPS_PROXY=http://me:***@proxy.local:3128');
  });

  it('Node 22 and 24 are supported, 20 works with a warning, older is a problem', () => {
    expect(nodeCheck('24.22.3').status).toBe('ok');
    expect(nodeCheck('22.23.5').status).toBe('ok');
    expect(nodeCheck('20.20.2')).toMatchObject({ status: 'warn', hint: expect.stringContaining('Node.js 24') });
    expect(nodeCheck('18.20.0').status).toBe('problem');
  });
});
