/**
 * Issue 32: `runway mcp`, checked with the SDK's own Client over StdioClientTransport (the built
 * binary as a client starts it) against the simulator: the tools an agent sees, a generate that
 * answers at once and a wait that saves, cancellation that loses nothing, retries that pay once,
 * paths confined to the roots, the server's budget, and no key anywhere.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, symlinkSync, copyFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { bin, cleanEnv, lighthouse, runCli, testKey } from '../helpers/cli.js';
import { count, useSim } from '../helpers/sim.js';
import { buildProgram, allCommands, shortcuts } from '../../src/cli/program.js';
import { notTools } from '../../src/mcp/tools/table.js';
import { currentOfficialModels } from '../../src/providers/official/models.js';

const t = useSim({ keys: [testKey] });
const env = () => cleanEnv({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
});

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text?: string; uri?: string }[] };

/** The server as a client starts it: the built binary, its root a folder of the test, its output another. */
async function connect(extra: string[] = [], root = t.out.path): Promise<{ client: Client; stderr: () => string; out: string }> {
  const out = join(t.out.path, 'saved');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      bin,
      'mcp',
      '--provider',
      'runwayml',
      '--base-url',
      t.sim.apiUrl,
      '--poll-interval',
      '0.05',
      '--out',
      out,
      '--root',
      root,
      ...extra,
    ],
    env: env() as Record<string, string>,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(transport);
  clients.push(client);
  return { client, stderr: () => stderr, out };
}

const call = (client: Client, name: string, args: Record<string, unknown>, options = {}) =>
  client.callTool({ name, arguments: args }, undefined, options) as Promise<Result>;

const text = (r: Result) => r.content.map((c) => c.text ?? '').join(' ');

describe('runway mcp', () => {
  it('lists a tool per command with object input schemas; generate.model is the catalog; every CLI command is a tool or says why not', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    for (const name of [
      'generate',
      'wait',
      'status',
      'list',
      'cancel',
      'models',
      'estimate',
      'credits',
      'extend',
      'upscale',
      'image',
      'frame_rate',
      'hdr',
      'act_two',
      'stitch',
      'run',
      'sound',
      'speak',
      'workflow_run',
    ])
      expect(names).toContain(name);
    for (const tool of tools) expect(tool.inputSchema.type, tool.name).toBe('object');
    const model = (tools.find((tool) => tool.name === 'generate')?.inputSchema.properties as Record<string, { enum?: string[] }>).model;
    expect(model?.enum).toEqual(currentOfficialModels.map((m) => m.id));
    const program = await buildProgram({ exitCode: 0 }, allCommands);
    const commands = program.commands.map((c) => c.name()).filter((c) => !shortcuts.some(([s]) => s === c));
    const covered = new Set(
      tools.flatMap((tool) => ((tool._meta?.['runway/commands'] as string[] | undefined) ?? []).map((c) => c.split(' ')[0] as string)),
    );
    const toolCommands = new Set([...names.map((n) => n.replace(/_/g, '-')), 'watch', 'workflow', ...covered]);
    expect(commands.filter((c) => !toolCommands.has(c) && !(c in notTools))).toEqual([]);
  });

  it('generate with wait_seconds 0 answers at once with a task id `runway list` shows; wait reports progress and saves the mp4 inside --out', async () => {
    const { client, out } = await connect();
    // The image is named relative to the root.
    copyFileSync(lighthouse, join(t.out.path, 'lighthouse.png'));
    await call(client, 'list', {});
    const started = Date.now();
    const again = await call(client, 'generate', { model: 'gen4_turbo', prompt: 'a lighthouse', image: 'lighthouse.png', wait_seconds: 0 });
    expect(again.isError, text(again)).toBeFalsy();
    expect(Date.now() - started).toBeLessThan(1000);
    const taskId = again.structuredContent?.task_id as string;
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await runCli(['list', '--json'], { env: { RUNWAY_CONFIG_DIR: t.state.path } });
    expect(listed.stdout).toContain(taskId);
    const progress: number[] = [];
    const waited = await call(
      client,
      'wait',
      { task_ids: [taskId], wait_seconds: 30 },
      { onprogress: (p: { progress: number }) => progress.push(p.progress) },
    );
    expect(waited.isError, text(waited)).toBeFalsy();
    const [task] = waited.structuredContent?.tasks as {
      state: string;
      files: { path: string; sha256: string; uri: string; mime: string }[];
    }[];
    expect(task?.state).toBe('succeeded');
    const file = task?.files[0];
    expect(file?.path.startsWith(`${out}/`)).toBe(true);
    expect(file?.mime).toBe('video/mp4');
    expect(
      createHash('sha256')
        .update(readFileSync(file?.path as string))
        .digest('hex'),
    ).toBe(file?.sha256);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(waited.content.map((c) => c.type)).toEqual(expect.arrayContaining(['text', 'resource_link', 'image']));
    expect(count(t.sim, '.create')).toBe(1);
  });

  it('a wait the client aborts leaves the task journaled; a second wait saves it; one create in all', async () => {
    const { client } = await connect();
    copyFileSync(lighthouse, join(t.out.path, 'l.png'));
    const created = await call(client, 'generate', {
      model: 'gen4_turbo',
      prompt: 'slow [sim:seconds=3]',
      image: 'l.png',
      wait_seconds: 0,
    });
    const taskId = created.structuredContent?.task_id as string;
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    await expect(call(client, 'wait', { task_ids: [taskId], wait_seconds: 60 }, { signal: abort.signal })).rejects.toThrow();
    const listed = await runCli(['list', '--json'], { env: { RUNWAY_CONFIG_DIR: t.state.path } });
    expect(JSON.parse(listed.stdout.trim().split('\n')[0] as string)).toMatchObject({
      taskId,
      state: expect.stringMatching(/pending|running/),
    });
    const waited = await call(client, 'wait', { task_ids: [taskId], wait_seconds: 60 });
    expect((waited.structuredContent?.tasks as { state: string }[])[0]?.state).toBe('succeeded');
    expect(count(t.sim, '.create')).toBe(1);
  });

  it('the same generate retried with the same idempotency_key is not paid again', async () => {
    const { client } = await connect();
    const args = { model: 'gen4.5', prompt: 'a boat', duration: 2, idempotency_key: 'call-7', wait_seconds: 0 };
    const first = await call(client, 'generate', args);
    const second = await call(client, 'generate', args);
    expect(second.structuredContent?.task_id).toBe(first.structuredContent?.task_id);
    expect(count(t.sim, '.create')).toBe(1);
  });

  it('/etc/passwd, a symlink out of the root, a .. path, a folder and a fifo are tool errors; nothing is sent', async () => {
    const root = join(t.out.path, 'root');
    mkdirSync(root);
    symlinkSync('/etc/hostname', join(root, 'out.png'));
    mkdirSync(join(root, 'dir'));
    execFileSync('mkfifo', [join(root, 'pipe.png')]);
    const { client } = await connect([], root);
    for (const [image, said] of [
      ['/etc/passwd', /outside the allowed roots/],
      ['out.png', /leads \(through a symbolic link\) outside the allowed roots/],
      ['../../etc/passwd', /outside the allowed roots/],
      ['dir', /it is a directory/],
      ['pipe.png', /not a regular file \(a device, fifo or socket\)/],
    ] as const) {
      const r = await call(client, 'generate', { model: 'gen4_turbo', prompt: 'x', image });
      expect(r.isError, image).toBe(true);
      expect(text(r)).toMatch(said);
    }
    const run = await call(client, 'isolate', { audio_uri: '/etc/passwd' });
    expect(run.isError).toBe(true);
    expect(text(run)).toMatch(/outside the allowed roots/);
    expect(t.sim.requests()).toEqual([]);
  });

  it('estimate sends nothing; a server with --max-credits 10 refuses a 5 s gen4.5 with zero creates; a base_url argument reaches no host', async () => {
    let reached = 0;
    const trap = createServer((_req, res) => {
      reached++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    try {
      const { client } = await connect(['--max-credits', '10']);
      const estimate = await call(client, 'estimate', { model: 'gen4.5', prompt: 'x', duration: 5 });
      expect(estimate.structuredContent).toMatchObject({ credits: 60, known: true });
      expect(t.sim.requests()).toEqual([]);
      const refused = await call(client, 'generate', { model: 'gen4.5', prompt: 'x', duration: 5 });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/--max-credits 10/);
      const elsewhere = await call(client, 'generate', { model: 'gen4.5', prompt: 'x', duration: 5, base_url: trapUrl });
      expect(elsewhere.isError).toBe(true);
      expect(text(elsewhere)).toMatch(/unknown argument base_url; allowed: model, router, prompt/);
      expect(count(t.sim, '.create')).toBe(0);
      expect(reached).toBe(0);
    } finally {
      trap.close();
    }
  });

  it('the key appears in no result, progress message or log; an endpoint tool saves audio', async () => {
    const { client, stderr } = await connect();
    const seen: string[] = [];
    const keep = (r: Result) => (seen.push(JSON.stringify(r)), r);
    keep(
      await call(
        client,
        'sound',
        { prompt_text: 'rain', duration: 2, wait_seconds: 30 },
        { onprogress: (p: unknown) => seen.push(JSON.stringify(p)) },
      ),
    );
    keep(await call(client, 'credits', {}));
    keep(await call(client, 'status', { task_id: 'nope-0000' }));
    keep(await call(client, 'models', {}));
    const sound = JSON.parse(seen[seen.length - 4] ?? seen[0] ?? '{}') as Result;
    expect(JSON.stringify(sound)).toMatch(/\.wav/);
    for (const item of [...seen, stderr()]) expect(item).not.toContain(testKey.slice(4, 40));
  });

  it('a malformed message gets an error and the server keeps serving; stdout carries only protocol messages', async () => {
    const child = spawn(process.execPath, [bin, 'mcp', '--provider', 'runwayml', '--base-url', t.sim.apiUrl], { env: env() });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stdin.write('this is not json\n');
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })}\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(lines.some((l) => (JSON.parse(l) as { id?: number }).id === 1)).toBe(true);
  });
});
