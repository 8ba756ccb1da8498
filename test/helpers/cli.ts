/** Runs the built binary as a user would, with its own state directory and a clean environment. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(root, 'bin', 'runway.js');
export const lighthouse = join(root, 'test', 'fixtures', 'lighthouse.png');

/** A syntactically real official key (key_ + 128 hex); only ever sent to the simulator. */
export const testKey = `key_${'0123456789abcdef'.repeat(8)}`;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  nodeArgs?: string[];
}

/** Environment without any of the developer's runway variables. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(RUNWAY|RUNWAYML|COMETAPI)_/.test(k) && k !== 'NO_COLOR') env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
      cwd: options.cwd ?? root,
      env: cleanEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export function tempDir(prefix = 'runway-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export interface RunningCli {
  child: import('node:child_process').ChildProcessWithoutNullStreams;
  output: { stdout: string; stderr: string };
  done: Promise<CliResult>;
}

/** Starts the binary without waiting, so a test can signal it mid-flight. */
export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    env: cleanEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (output.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()));
  child.stdin.end();
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, ...output })));
  return { child, output, done };
}

/** Polls `check` every 20 ms until it returns a value, or fails after `ms`. */
export async function waitFor<T>(check: () => T | undefined | false, ms = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A structurally whole PNG of about `bytes`: the lighthouse fixture with an ancillary chunk of
 * random bytes after its header (decoders skip it; the CLI's image check finds IHDR and IEND).
 */
export function paddedPng(bytes: number): Buffer {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const png = readFileSync(lighthouse);
  const headerEnd = 8 + 25;
  const fill = Math.max(0, bytes - png.length - 12);
  const chunk = Buffer.alloc(12 + fill);
  chunk.writeUInt32BE(fill, 0);
  chunk.write('rnDm', 4, 'latin1');
  randomBytes(fill).copy(chunk, 8);
  return Buffer.concat([png.subarray(0, headerEnd), chunk, png.subarray(headerEnd)]);
}
