/** The commands around generate: upload, status, cancel, list, config, providers, t.sim. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cleanEnv, lighthouse, runCli, startCli, testKey, waitFor, paddedPng } from '../helpers/cli.js';
import { count, resetSim, storageRequests, useSim } from '../helpers/sim.js';

const t = useSim({ keys: [testKey] });

const env = (extra: Record<string, string | undefined> = {}) => ({
  RUNWAY_CONFIG_DIR: t.state.path,
  RUNWAYML_API_SECRET: testKey,
  ...extra,
});
const finished = (taskId: string) =>
  t.sim.context.store.all().some((task) => task.id === taskId && task.createdAt + task.queueMs + task.runMs <= t.sim.context.now());
const official = (...args: string[]) => [...args, '--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--poll-interval', '0.05'];

describe('upload', () => {
  it('uploads through POST /v1/uploads + multipart storage POST and prints a runway:// URI usable as --image', async () => {
    const up = await runCli(['upload', lighthouse, '--provider', 'runwayml', '--base-url', t.sim.apiUrl], { env: env() });
    expect(up.code).toBe(0);
    const uri = up.stdout.trim();
    expect(uri).toMatch(/^runway:\/\/uploads\/[0-9a-f-]{36}$/);
    expect(count(t.sim, 'runwayml.upload')).toBe(1);
    const storage = storageRequests(t.sim);
    expect(storage.map((r) => `${r.method} ${r.route}`)).toEqual(['POST storage.upload']);
    expect(storage[0]?.authorization).toBe(false);

    const gen = await runCli(official('gen4', '--prompt', 'x', '--image', uri, '--out', t.state.path), { env: env() });
    expect(gen.code).toBe(0);
    expect(t.sim.requests().find((r) => r.route === 'runwayml.create')?.body).toMatchObject({ promptImage: uri });
  });

  it('sends a small image inline as a data URI and uploads one too large for that', async () => {
    const small = await runCli(official('gen4', '--prompt', 'x', '--image', lighthouse, '--out', t.state.path), { env: env() });
    expect(small.code).toBe(0);
    const inline = t.sim.requests().find((r) => r.route === 'runwayml.create')?.body as { promptImage: string };
    expect(inline.promptImage).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(count(t.sim, '.upload')).toBe(0);

    resetSim(t.sim);
    const big = join(t.state.path, 'big.png');
    writeFileSync(big, paddedPng(4 * 1024 * 1024 + 8));
    const large = await runCli(official('gen4', '--prompt', 'x', '--image', big, '--out', t.state.path), { env: env() });
    expect(large.stderr).toMatch(/uploading .*big\.png \(4\.0 MB\)/);
    expect(large.stderr.match(/upload \d+% /g)).toEqual(['upload 25% ', 'upload 50% ', 'upload 75% ', 'upload 100% ']);
    expect(large.code).toBe(0);
    const body = t.sim.requests().find((r) => r.route === 'runwayml.create')?.body as { promptImage: string };
    expect(body.promptImage).toMatch(/^runway:\/\/uploads\//);
  });
});

describe('status, cancel and list', () => {
  it('status exits 0 for a failed task and shows the failure', async () => {
    const failed = await runCli(official('gen4', '--prompt', '[sim:fail]', '--image', lighthouse, '--no-wait'), { env: env() });
    const taskId = failed.stdout.trim();
    await new Promise((r) => setTimeout(r, 400));
    const status = await runCli(['status', taskId], { env: env() });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/status:\s+failed/);
    expect(status.stdout).toMatch(/failure:\s+An unexpected error occurred\. \[INTERNAL\]/);
    const json = await runCli(['status', taskId, '--json'], { env: env() });
    expect(JSON.parse(json.stdout)).toMatchObject({ taskId, status: 'failed', failure: { code: 'INTERNAL' } });
  });

  it('cancel stops a running task and the journal records it', async () => {
    const started = await runCli(official('gen4', '--prompt', 'long [sim:seconds=60]', '--image', lighthouse, '--no-wait'), { env: env() });
    const taskId = started.stdout.trim();
    const cancel = await runCli(['cancel', taskId], { env: env() });
    expect(cancel.code).toBe(0);
    expect(cancel.stderr).toContain(`cancelled task ${taskId}`);
    expect(count(t.sim, 'runwayml.cancel')).toBe(1);
    const status = await runCli(['status', taskId, '--json'], { env: env() });
    expect(JSON.parse(status.stdout).status).toBe('cancelled');
    const list = await runCli(['list', '--json'], { env: env() });
    expect(JSON.parse(list.stdout.trim().split('\n')[0] as string)).toMatchObject({ taskId, state: 'cancelled' });
    const watch = await runCli(['watch', '--pending'], { env: env() });
    expect(watch.stderr).toContain('nothing pending');
  });

  it(
    'cancel of a finished task whose video is not saved here refuses without --force; a saved one is deleted and stays ' +
      'saved in the journal',
    async () => {
      const started = await runCli(official('gen4', '--prompt', 'quick', '--image', lighthouse, '--no-wait'), { env: env() });
      const taskId = started.stdout.trim();
      await waitFor(() => finished(taskId), 10_000, 'the task to finish');
      const refused = await runCli(['cancel', taskId], { env: env() });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/already finished: cancelling it now would delete it and its videos[\s\S]*runway watch/);
      expect(count(t.sim, 'runwayml.cancel')).toBe(0);

      const saved = await runCli(['watch', taskId, '--out', t.state.path], { env: env() });
      expect(saved.code).toBe(0);
      const deleted = await runCli(['cancel', taskId], { env: env() });
      expect(deleted.code).toBe(0);
      expect(deleted.stderr).toContain(`deleted finished task ${taskId}`);
      expect(count(t.sim, 'runwayml.cancel')).toBe(1);
      const list = await runCli(['list', '--json'], { env: env() });
      expect(JSON.parse(list.stdout.trim().split('\n')[0] as string)).toMatchObject({ taskId, state: 'downloaded' });
    },
  );

  it('cancel --force deletes a finished task even though its video is not saved', async () => {
    const started = await runCli(official('gen4', '--prompt', 'quick', '--image', lighthouse, '--no-wait'), { env: env() });
    const taskId = started.stdout.trim();
    await waitFor(() => finished(taskId), 10_000, 'the task to finish');
    const forced = await runCli(['cancel', taskId, '--force', '--json'], { env: env() });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({ taskId, provider: 'runwayml', cancelled: false, deleted: true });
  });

  it('list shows the journal newest first with state, model, prompt and files', async () => {
    await runCli(official('gen4', '--prompt', 'first clip', '--image', lighthouse, '--out', t.state.path), { env: env() });
    await runCli(official('gen4.5', '--prompt', 'second clip\u001b[2J', '--out', t.state.path), { env: env() });
    const list = await runCli(['list'], { env: env() });
    expect(list.code).toBe(0);
    // A prompt (or server text) with escape sequences cannot clear or recolour the terminal.
    expect(list.stdout).not.toContain('\u001b');
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CREATED\s+TASK\s+STATE\s+MODEL\s+PROMPT\s+FILES$/);
    expect(lines[1]).toMatch(/downloaded\s+gen4\.5@runwayml\s+second clip\s+.*gen4\.5-.*\.mp4/);
    expect(lines[2]).toMatch(/downloaded\s+gen4_turbo@runwayml\s+first clip/);
    // Columns line up whatever the cell widths (the models differ in length).
    for (const column of ['PROMPT', 'FILES']) {
      const at = (lines[0] as string).indexOf(column);
      expect([lines[1]?.[at - 1], lines[2]?.[at - 1]]).toEqual([' ', ' ']);
      expect([lines[1]?.[at], lines[2]?.[at]]).not.toContain(' ');
    }
    const json = (await runCli(['list', '--json', '--limit', '1'], { env: env() })).stdout.trim().split('\n');
    expect(json).toHaveLength(1);
    expect(JSON.parse(json[0] as string)).toMatchObject({
      state: 'downloaded',
      model: 'gen4.5',
      prompt: 'second clip\u001b[2J',
      files: [{ saved: true }],
    });
  });
});

describe('prune', () => {
  it('drops settled jobs from the journal and keeps the unfinished ones, reporting first on --dry-run', async () => {
    const state = mkdtempSync(join(tmpdir(), 'runway-prune-e2e-'));
    try {
      const own = (extra: Record<string, string> = {}) => env({ RUNWAY_CONFIG_DIR: state, ...extra });
      expect((await runCli(official('gen4.5', '--prompt', 'saved clip', '--out', state), { env: own() })).code).toBe(0);
      const pending = (await runCli(official('gen4.5', '--prompt', 'long [sim:seconds=600]', '--no-wait'), { env: own() })).stdout.trim();

      const dry = await runCli(['prune', '--older-than', '0', '--dry-run', '--json'], { env: own() });
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, pruned: 1, kept: 1, jobs: [{ state: 'downloaded' }] });
      expect((await runCli(['list', '--json'], { env: own() })).stdout.trim().split('\n')).toHaveLength(2);

      const kept = await runCli(['prune'], { env: own() });
      expect(kept.stdout).toMatch(/^pruned 0 settled jobs last updated over 30 days ago; 2 kept/);
      const pruned = await runCli(['prune', '--older-than', '0'], { env: own() });
      expect(pruned.code).toBe(0);
      expect(pruned.stdout).toMatch(/^pruned 1 settled job last updated over 0 days ago; 1 kept; journal \d/);
      const left = (await runCli(['list', '--json'], { env: own() })).stdout.trim().split('\n');
      expect(left.map((line) => JSON.parse(line).taskId)).toEqual([pending]);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe('config and providers', () => {
  it('sets, gets and lists settings; rejects unknown ones', async () => {
    expect((await runCli(['config', 'set', 'default-provider', 'openai-core'], { env: env() })).code).toBe(0);
    expect((await runCli(['config', 'get', 'default-provider'], { env: env() })).stdout.trim()).toBe('openai-core');
    const bad = await runCli(['config', 'set', 'colour', 'red'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown setting "colour"/);
    const typo = await runCli(['config', 'set', 'default-provider', 'openai-cor'], { env: env() });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean "openai-core"/);
    expect((await runCli(['config', 'path'], { env: env() })).stdout.trim()).toBe(join(t.state.path, 'config.json'));
  });

  it('out-dir is stored absolute (relative to where it was set, ~ expanded), and --out "~/…" means the home directory', async () => {
    const home = join(t.out.path, 'home');
    expect((await runCli(['config', 'set', 'out-dir', 'clips'], { env: env(), cwd: t.out.path })).code).toBe(0);
    expect((await runCli(['config', 'get', 'out-dir'], { env: env() })).stdout.trim()).toBe(join(t.out.path, 'clips'));
    await runCli(['config', 'set', 'out-dir', '~/videos'], { env: env({ HOME: home }) });
    expect((await runCli(['config', 'get', 'out-dir'], { env: env() })).stdout.trim()).toBe(join(home, 'videos'));
    const empty = await runCli(['config', 'set', 'out-dir', ''], { env: env() });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/config unset out-dir/);
    await runCli(['config', 'unset', 'out-dir'], { env: env() });
    const r = await runCli(official('gen4', '--prompt', 'x', '--image', lighthouse, '--out', '~/quoted'), {
      env: env({ HOME: home }),
      cwd: t.out.path,
    });
    expect(r.code).toBe(0);
    expect(resolve(t.out.path, r.stdout.trim()).startsWith(join(home, 'quoted'))).toBe(true);
  });

  it('a user-defined provider works with --provider and its own stored key', async () => {
    await runCli(['config', 'set', 'providers.myproxy.protocol', 'official'], { env: env() });
    await runCli(['config', 'set', 'providers.myproxy.base-url', t.sim.apiUrl], { env: env() });
    await runCli(['config', 'set', 'providers.myproxy.poll-interval', '0.05'], { env: env() });
    const auth = await runCli(['auth', 'set', 'myproxy'], { env: env({ RUNWAYML_API_SECRET: undefined }), input: testKey });
    expect(auth.code).toBe(0);
    const providers = await runCli(['providers', '--json'], { env: env() });
    expect(JSON.parse(providers.stdout).find((p: { name: string }) => p.name === 'myproxy')).toMatchObject({
      protocol: 'official',
      baseUrl: t.sim.apiUrl,
      userDefined: true,
    });
    const gen = await runCli(['gen4', '--provider', 'myproxy', '--prompt', 'x', '--image', lighthouse, '--out', t.state.path], {
      env: env({ RUNWAYML_API_SECRET: undefined }),
    });
    expect(gen.stderr).toContain('saved');
    expect(gen.code).toBe(0);
  });
});

describe('watch of several tasks', () => {
  it('waits on and downloads them concurrently (--concurrency), one plain line per state change, every file saved', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4])
      ids.push((await runCli(official('gen4.5', '--prompt', `clip ${n} [sim:seconds=1]`, '--no-wait'), { env: env() })).stdout.trim());
    resetSim(t.sim);
    const r = await runCli(['watch', '--pending', '--concurrency', '4', '--poll-interval', '0.05', '--out', t.out.path], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    // All four are asked about before the first download starts: they were waited on together.
    const log = t.sim.requests().map((q) => (q.route === 'runwayml.task' ? q.path.split('/').pop() : q.route));
    const firstDownload = log.indexOf('storage.download');
    expect(new Set(log.slice(0, firstDownload)).size).toBe(4);
    for (const id of ids) expect(r.stderr).toContain(`task ${id.slice(0, 8)} succeeded`);
  });
});

describe('watch of a task id the provider does not know', () => {
  it('exits 4 naming it, and leaves nothing in the journal for later `watch --pending` runs to trip over', async () => {
    const typo = '00000000-0000-4000-8000-00000000dead';
    const r = await runCli(official('watch', typo), { env: env() });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`runwayml does not know task ${typo}`);
    expect(r.stderr).toMatch(/--provider\/--base-url are the ones it was created with/);
    const pending = await runCli(['list', '--pending', '--json'], { env: env() });
    expect(pending.stdout).not.toContain(typo);
    const again = await runCli(['watch', '--pending'], { env: env() });
    expect(again.stderr).not.toContain(typo);
  });
});

describe('a reader that closes the pipe early', () => {
  it('does not turn `runway … | head` into an internal error, and the generation still finishes and is journalled', async () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'gen4',
        '--prompt',
        'piped',
        '--image',
        lighthouse,
        '--provider',
        'runwayml',
        '--base-url',
        t.sim.apiUrl,
        '--poll-interval',
        '0.05',
        '--out',
        t.state.path,
      ],
      {
        env: cleanEnv(env()),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/internal error|EPIPE/);
    expect(code).toBe(0);
    const list = JSON.parse((await runCli(['list', '--json', '--limit', '1'], { env: env() })).stdout);
    expect(list).toMatchObject({ prompt: 'piped', state: 'downloaded', files: [{ saved: true }] });
  });
});

describe('runway sim', () => {
  it('prints its URLs, serves requests, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'sim', '--json', '--key', testKey, '--run-seconds', '0.3', '--queue-seconds', '0'], {
      env: cleanEnv({ RUNWAY_CONFIG_DIR: t.state.path }),
    });
    const line = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\n')) resolve(text.split('\n')[0] as string);
      });
      child.on('error', reject);
    });
    const urls = JSON.parse(line) as { api: string; providers: Record<string, string> };
    expect(urls.providers['openai-core']).toBe(`${urls.api}/runway/v2`);
    const gen = await runCli(
      ['gen4.5', '--provider', 'runwayml', '--base-url', urls.api, '--prompt', 'x', '--poll-interval', '0.2', '--out', t.state.path],
      { env: env() },
    );
    expect(gen.code).toBe(0);
    const stats = (await (await fetch(`${urls.api}/__sim/stats`)).json()) as { counts: Record<string, number> };
    expect(stats.counts['runwayml.create']).toBe(1);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
  });

  it('a port already in use is exit 2 naming the flag, and nothing is left running', async () => {
    const taken = await new Promise<import('node:net').Server>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    const port = String((taken.address() as import('node:net').AddressInfo).port);
    try {
      for (const [flag, args] of [
        ['--port', ['--port', port]],
        ['--storage-port', ['--storage-port', port]],
      ] as const) {
        const r = await runCli(['sim', ...args], { env: { RUNWAY_CONFIG_DIR: t.state.path }, timeoutMs: 10_000 });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`Port ${port} is already in use`);
        expect(r.stderr).toContain(`Choose another with ${flag}`);
      }
    } finally {
      taken.close();
    }
  });

  it('every example command it prints is one its provider accepts', async () => {
    const sim = startCli(['sim', '--port', '0'], { env: { RUNWAY_CONFIG_DIR: t.state.path } });
    await waitFor(() => sim.output.stderr.includes('simulator running'), 10_000, 'the simulator');
    sim.child.kill('SIGTERM');
    await sim.done;
    const examples = [...sim.output.stdout.matchAll(/^ {2}runway (.+?) {3}#/gm)].map((m) =>
      (m[1] as string).match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, '')),
    );
    expect(examples.length).toBeGreaterThanOrEqual(6);
    // --dry-run: the model table, the flags and the inputs are all checked, nothing is sent.
    for (const args of examples)
      expect(await runCli([...args, '--dry-run', '-q'], { env: env() }), args.join(' ')).toMatchObject({ code: 0 });
  });
});

describe('credits', () => {
  it('shows the balance, which tasks draw down (official pricing: gen4.5 12 credits/s)', async () => {
    const before = JSON.parse(
      (await runCli(['credits', '--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--json'], { env: env() })).stdout,
    ).credits;
    const gen = await runCli(official('gen4.5', '--prompt', 'x', '--duration', '5', '--out', t.out.path), { env: env() });
    expect(gen.code).toBe(0);
    const after = await runCli(['credits', '--provider', 'runwayml', '--base-url', t.sim.apiUrl], { env: env() });
    expect(after.code).toBe(0);
    expect(after.stdout.trim()).toBe(`${before - 60} credits (runwayml)`);
    const none = await runCli(['credits', '--provider', 'cometapi', '--base-url', t.sim.urlFor('cometapi')], { env: env() });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/does not report a credit balance/);
  });
});
