/**
 * Job locks: one process at a time finishes a job. Real files, real (dead and live) processes,
 * and several processes racing to take over the same stale lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobLocks } from '../../src/core/journal/job-lock.js';

const distLocks = new URL('../../dist/core/journal/job-lock.js', import.meta.url).href;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runway-locks-'));
  mkdirSync(join(dir, 'locks'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = (job: string) => join(dir, 'locks', `${job}.lock`);

/** The pid of a process that has exited (so certainly not alive). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('job locks', () => {
  it('a lock held by a live process is respected; released, it can be taken', () => {
    writeFileSync(lockFile('j'), String(process.ppid));
    const locks = new JobLocks(dir);
    expect(locks.acquire('j')).toBe(false);
    expect(locks.holder('j')).toBe(process.ppid);
    rmSync(lockFile('j'));
    expect(locks.acquire('j')).toBe(true);
    expect(readFileSync(lockFile('j'), 'utf8')).toBe(String(process.pid));
    locks.release('j');
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
  });

  it('a lock of a dead process, or an unreadable one, is stale and taken over, leaving no stray files', () => {
    const locks = new JobLocks(dir);
    writeFileSync(lockFile('dead'), String(deadPid()));
    writeFileSync(lockFile('garbage'), '');
    expect(locks.acquire('dead')).toBe(true);
    expect(locks.acquire('garbage')).toBe(true);
    expect(readFileSync(lockFile('dead'), 'utf8')).toBe(String(process.pid));
    expect(readdirSync(join(dir, 'locks')).sort()).toEqual(['dead.lock', 'garbage.lock']);
  });

  it('release never removes a lock another process has taken since', () => {
    const locks = new JobLocks(dir);
    expect(locks.acquire('j')).toBe(true);
    writeFileSync(lockFile('j'), String(process.ppid));
    locks.release('j');
    expect(readFileSync(lockFile('j'), 'utf8')).toBe(String(process.ppid));
  });

  it('of eight processes racing to take over one stale lock, exactly one gets it', async () => {
    writeFileSync(lockFile('race'), String(deadPid()));
    const start = Date.now() + 700;
    const script = `
      const { JobLocks } = await import(${JSON.stringify(distLocks)});
      const locks = new JobLocks(${JSON.stringify(dir)});
      while (Date.now() < ${start}) {}
      const won = locks.acquire('race');
      process.stdout.write(won ? 'won' : 'lost');
      setTimeout(() => {}, 600); // hold it while the others try
    `;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        return new Promise<string>((resolve) => child.on('close', () => resolve(out)));
      }),
    );
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'lost')).toHaveLength(7);
  });
});
