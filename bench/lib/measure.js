// Timing and statistics helpers for the benchmark: medians, interleaved runs, child processes.
import { spawn } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = `${root}bin/runway.js`;
export const probe = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command to completion; returns wall ms, exit code, output and the memory probe's report. */
export function run(command, args, { env = {}, input, cwd = root, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = stderr.split('\n').find((l) => l.startsWith('PROBE '));
      resolve({ ms, code, stdout, stderr, probe: line ? JSON.parse(line.slice(6)) : undefined });
    });
    child.stdin.end(input ?? '');
  });
}

/** The CLI, optionally under the memory probe. */
export function runway(args, { env = {}, probed = false, ...options } = {}) {
  return run(process.execPath, [...(probed ? ['--import', probe] : []), bin, ...args], { env, ...options });
}

export function expectOk(result, what) {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stderr.slice(-2000)}`);
  return result;
}

export const fmt = {
  ms: (v) => `${v < 100 ? v.toFixed(1) : Math.round(v)} ms`,
  s: (v) => `${v.toFixed(2)} s`,
  mbs: (v) => `${Math.round(v)} MB/s`,
  mb: (v) => `${v.toFixed(0)} MB`,
  x: (v) => `${v.toFixed(2)}×`,
};

/** A row's comparison fields: both figures formatted, and ours as a ratio of the baseline. */
export function versus(baseline, ours, format) {
  return { baselineText: format(baseline), oursText: format(ours), ratio: ours / baseline, ratioText: fmt.x(ours / baseline) };
}

/**
 * Touches `bytes` of fresh file memory in `dir` and frees it again. On a VM that hands idle
 * guest pages back to the host (this one does within seconds), the first program to write a
 * large file afterwards pays a page fault per page — 2–5× slower — whichever program that is.
 * Warming right before each measured run puts both sides of a comparison on hot pages.
 */
export function warmPages(dir, bytes) {
  const file = join(dir, `.warm-${process.pid}`);
  const block = Buffer.alloc(8 << 20);
  const fd = openSync(file, 'w');
  try {
    for (let done = 0; done < bytes; done += block.length) writeSync(fd, block);
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}
