/**
 * Pruning the journal: what is dropped and kept, and the hand-shake with other runway
 * processes writing to it (real child processes, real files).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import type { JobIntent } from '../../src/core/journal/fold.js';
import { Journal } from '../../src/core/journal/journal.js';

const intent: JobIntent = {
  provider: 'runwayml',
  baseUrl: 'https://x',
  protocol: 'official',
  model: 'gen4_turbo',
  inputs: {},
  outDir: '/tmp',
  command: [],
};
const old = '2026-01-01T00:00:00.000Z';
const recent = '2026-11-20T00:00:00.000Z';
const cutoff = new Date('2026-06-01T00:00:00.000Z');
const distJournal = new URL('../../dist/core/journal/journal.js', import.meta.url).href;

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runway-prune-'));
});
afterEach(() => {
  children.splice(0).forEach((child) => child.kill('SIGKILL'));
  rmSync(dir, { recursive: true, force: true });
});

function fill(journal: Journal): void {
  const job = (id: string, at: string, ...rest: ('created' | 'succeeded' | 'downloaded' | 'failed')[]) => {
    journal.append({ type: 'intent', job: id, at, intent: { ...intent, prompt: id } });
    for (const step of rest) {
      if (step === 'created') journal.append({ type: 'created', job: id, at, taskId: `T-${id}` });
      if (step === 'succeeded')
        journal.append({ type: 'succeeded', job: id, at, outputs: [{ url: 'https://s/x.mp4', file: `/tmp/${id}.mp4` }] });
      if (step === 'downloaded')
        journal.append({ type: 'downloaded', job: id, at, index: 0, file: `/tmp/${id}.mp4`, bytes: 10, sha256: 'ab' });
      if (step === 'failed') journal.append({ type: 'failed', job: id, at, state: 'failed', message: 'no', moderation: false });
    }
  };
  job('old-saved', old, 'created', 'succeeded', 'downloaded');
  job('old-failed', old, 'created', 'failed');
  job('old-unknown', old);
  job('old-not-saved', old, 'created', 'succeeded');
  job('old-pending', old, 'created');
  job('recent-saved', recent, 'created', 'succeeded', 'downloaded');
}

/** Starts a child process running `code` with `Journal` imported; resolves at its first output line. */
async function child(code: string): Promise<{ process: ChildProcess; lines: string[] }> {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', `import { Journal } from ${JSON.stringify(distJournal)};\n${code}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(proc);
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      lines.push(...String(d).trim().split('\n'));
      resolve();
    });
    proc.on('exit', (status) => reject(new Error(`child exited (${status})`)));
  });
  return { process: proc, lines };
}

const exited = (proc: ChildProcess) => new Promise((r) => (proc.exitCode !== null ? r(proc.exitCode) : proc.once('exit', r)));

describe('Journal.prune', () => {
  it('drops only settled jobs from before the cutoff, keeps the rest record for record, and can just report', () => {
    const journal = new Journal(dir);
    fill(journal);
    const before = journal.jobs();
    const size = statSync(journal.path).size;

    const report = journal.prune(cutoff, true);
    expect(report.droppedJobs.map((j) => j.job).sort()).toEqual(['old-failed', 'old-saved']);
    expect(statSync(journal.path).size).toBe(size);

    const done = journal.prune(cutoff, false);
    expect(done.keptJobs).toBe(4);
    expect(done.bytesAfter).toBeLessThan(done.bytesBefore);
    expect(journal.jobs()).toEqual(before.filter((j) => !['old-failed', 'old-saved'].includes(j.job)));
    expect(statSync(journal.path).mode & 0o777).toBe(0o600);
    // This process keeps writing to the new file.
    journal.append({ type: 'created', job: 'old-unknown', at: recent, taskId: 'T-late' });
    expect(journal.jobs().find((j) => j.job === 'old-unknown')?.taskId).toBe('T-late');
  });

  it('is refused while another runway process writes to the journal, and goes ahead once it has exited', async () => {
    fill(new Journal(dir));
    const writer = await child(
      `const j = new Journal(${JSON.stringify(dir)}); j.append({ type: 'created', job: 'old-pending', at: '${recent}', ` +
        `taskId: 'T-x' }); console.log('ready'); setInterval(() => {}, 1000);`,
    );
    const journal = new Journal(dir);
    let refusal: unknown;
    try {
      journal.prune(cutoff, false);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UsageError);
    expect((refusal as Error).message).toContain(`pid ${writer.process.pid}`);
    writer.process.kill('SIGKILL');
    await exited(writer.process);
    expect(journal.prune(cutoff, false).droppedJobs).toHaveLength(2);
  });

  it('makes a new writer wait while a prune holds the journal', async () => {
    const journal = new Journal(dir);
    fill(journal);
    // A prune in progress (this process's pid: alive, and not the child's own).
    writeFileSync(join(dir, 'journal.compact.lock'), String(process.pid));
    const writer = await child(
      `console.log('started'); new Journal(${JSON.stringify(dir)}).append({ type: 'created', job: 'old-unknown', at: ` +
        `'${recent}', taskId: 'T-waited' }); console.log('appended');`,
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(writer.lines).toEqual(['started']);
    rmSync(join(dir, 'journal.compact.lock'));
    await exited(writer.process);
    expect(writer.lines).toEqual(['started', 'appended']);
    expect(readFileSync(journal.path, 'utf8')).toContain('T-waited');
  });
});
