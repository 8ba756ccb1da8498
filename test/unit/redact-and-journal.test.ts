import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { maskKey, redact, redactHeaders, redactValue, registerSecret } from '../../src/core/redact.js';
import { Journal } from '../../src/core/journal/journal.js';
import { hash31 } from '../../src/core/journal/job-index.js';
import { foldJournal, isUnfinished, type JobIntent } from '../../src/core/journal/fold.js';
import { checkMp4, readMp4Movie, Mp4Walker } from '../../src/core/download/mp4.js';
import { closestRatio } from '../../src/core/generation/plan.js';
import { Artifact, fixtureMp4 } from '../../src/sim/artifact.js';

const key = `key_${'ab'.repeat(64)}`;

describe('redaction', () => {
  it('masks keys as prefix…last4', () => {
    expect(maskKey(key)).toBe('key_…abab');
    expect(maskKey('hk-1234567890abcdef')).toBe('hk-…cdef');
    expect(maskKey('short')).toBe('…');
  });

  it('removes registered keys and bearer tokens from any text', () => {
    registerSecret(key);
    expect(redact(`failed with ${key} inside`)).toBe('failed with key_…abab inside');
    expect(redact('Authorization: Bearer sk-abcdefghijklmnop')).toBe('Authorization: Bearer sk-…mnop');
    expect(redactHeaders({ authorization: `Bearer ${key}`, accept: 'x' })).toEqual({ authorization: 'Bearer key_…abab', accept: 'x' });
    expect(JSON.stringify(redactValue({ a: [{ b: key }] }))).not.toContain(key);
  });
});

const intent: JobIntent = {
  provider: 'runwayml',
  baseUrl: 'https://x',
  protocol: 'official',
  model: 'gen4_turbo',
  inputs: {},
  outDir: '/tmp',
  command: [],
};

describe('journal', () => {
  it('folds records into one state per job, newest first', () => {
    const jobs = foldJournal([
      { type: 'intent', job: 'a', at: '2026-01-01T00:00:00.000Z', intent },
      { type: 'created', job: 'a', at: '2026-01-01T00:00:01.000Z', taskId: 'T1' },
      { type: 'intent', job: 'b', at: '2026-01-01T00:00:02.000Z', intent },
      { type: 'state', job: 'a', at: '2026-01-01T00:00:03.000Z', state: 'running', progress: 0.5 },
      { type: 'succeeded', job: 'a', at: '2026-01-01T00:00:04.000Z', outputs: [{ url: 'u', file: '/tmp/f.mp4' }] },
    ]);
    expect(jobs.map((j) => j.job)).toEqual(['b', 'a']);
    expect(jobs[0]?.phase).toBe('unknown');
    expect(jobs[1]).toMatchObject({ taskId: 'T1', phase: 'succeeded' });
    expect(isUnfinished(jobs[1] as never)).toBe(true);
    expect(isUnfinished(jobs[0] as never)).toBe(false);
  });

  it('marks a job downloaded only when every output is saved', () => {
    const jobs = foldJournal([
      { type: 'intent', job: 'a', at: '2026-01-01T00:00:00.000Z', intent, taskId: 'T' },
      {
        type: 'succeeded',
        job: 'a',
        at: '2026-01-01T00:00:04.000Z',
        outputs: [
          { url: 'u', file: 'f1' },
          { url: 'v', file: 'f2' },
        ],
      },
      { type: 'downloaded', job: 'a', at: '2026-01-01T00:00:05.000Z', index: 0, file: 'f1', bytes: 1, sha256: 'x' },
    ]);
    expect(jobs[0]?.phase).toBe('succeeded');
  });

  it('survives a torn line and never stores keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const journal = new Journal(dir);
      registerSecret(key);
      journal.append({ type: 'intent', job: 'a', at: '2026-01-01T00:00:00.000Z', intent: { ...intent, command: ['--api-key', key] } });
      appendFileSync(journal.path, '{"type":"created","job":"a","at":"2026-01-');
      journal.append({ type: 'created', job: 'a', at: '2026-01-01T00:00:01.000Z', taskId: 'T1' });
      expect(readFileSync(journal.path, 'utf8')).not.toContain(key);
      // the record after a torn fragment is intact: the task id is not lost
      const jobs = journal.jobs();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.taskId).toBe('T1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('journal reading', () => {
  it('reads a journal larger than its read slice, with multi-byte prompts split across slices', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const journal = new Journal(dir);
      const prompt = '一位老人在弹钢琴，电影感，黄昏的灯塔 '.repeat(20);
      for (let i = 0; i < 3000; i++) {
        journal.append({
          type: 'intent',
          job: `j${i}`,
          at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
          intent: { ...intent, prompt: `${i} ${prompt}` },
        });
        journal.append({ type: 'created', job: `j${i}`, at: '2026-01-02T00:00:00.000Z', taskId: `T${i}` });
      }
      expect(readFileSync(journal.path).length).toBeGreaterThan(3 * (1 << 20));
      const jobs = journal.jobs();
      expect(jobs).toHaveLength(3000);
      expect(jobs.every((job) => job.intent.prompt === `${job.job.slice(1)} ${prompt}` && job.taskId === `T${job.job.slice(1)}`)).toBe(
        true,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('journal catching up', () => {
  it(
    'sees what another writer appended since it last looked, never changes records it handed out, and starts over on a ' + 'replaced file',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'journal-'));
      try {
        const reader = new Journal(dir);
        const writer = new Journal(dir);
        writer.append({ type: 'intent', job: 'a', at: '2026-01-01T00:00:00.000Z', intent: { ...intent, batchKey: 'k' } });
        const first = reader.latestForKey('k');
        expect(first?.phase).toBe('unknown');
        writer.append({ type: 'created', job: 'a', at: '2026-01-01T00:00:01.000Z', taskId: 'T1' });
        // half a record, as a reader may see mid-write: held back, not lost
        appendFileSync(writer.path, '\n{"type":"succeeded","job":"a","at":"2026-01-01T00:00:02.000Z",');
        expect(reader.find('a')?.taskId).toBe('T1');
        appendFileSync(writer.path, '"outputs":[{"url":"u","file":"f.mp4"}]}\n');
        expect(reader.find('a')?.phase).toBe('succeeded');
        expect(first?.phase).toBe('unknown');
        expect(first?.taskId).toBeUndefined();
        // a prune rewrites the journal as a new file
        writeFileSync(`${writer.path}.new`, `${JSON.stringify({ type: 'intent', job: 'b', at: '2026-01-02T00:00:00.000Z', intent })}\n`);
        renameSync(`${writer.path}.new`, writer.path);
        expect(reader.jobs().map((job) => job.job)).toEqual(['b']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('after a prune renumbers the jobs, a lookup finds the right job, not the one that had its number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const journal = new Journal(dir);
      for (const [job, key] of [
        ['a', 'ka'],
        ['b', 'kb'],
        ['c', 'kc'],
      ] as const)
        journal.append({ type: 'intent', job, at: '2026-01-01T00:00:00.000Z', intent: { ...intent, batchKey: key } });
      expect(journal.find('c')?.intent.batchKey).toBe('kc');
      // a prune keeps c only: c is now the first job of the file
      const line = readFileSync(journal.path, 'utf8')
        .split('\n')
        .find((l) => l.includes('"job":"c"'));
      writeFileSync(`${journal.path}.new`, `${line}\n`);
      renameSync(`${journal.path}.new`, journal.path);
      expect(journal.latestForKey('kc')?.job).toBe('c');
      expect(journal.find('a')).toBeUndefined();
      expect(journal.latestForKey('ka')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('job ids, batch keys and task ids whose hashes collide are still told apart', () => {
    // Two strings with the same 31-bit hash, found by search (a pair turns up within ~100,000 tries).
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const text = `x${i}`;
      const other = seen.get(hash31(text));
      if (other !== undefined) pair = [other, text];
      else seen.set(hash31(text), text);
    }
    const [one, two] = pair;
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const journal = new Journal(dir);
      journal.append({ type: 'intent', job: one, at: '2026-01-01T00:00:00.000Z', intent: { ...intent, batchKey: one } });
      journal.append({ type: 'intent', job: two, at: '2026-01-01T00:00:00.000Z', intent: { ...intent, batchKey: two } });
      journal.append({ type: 'created', job: two, at: '2026-01-01T00:00:01.000Z', taskId: one });
      journal.append({ type: 'created', job: one, at: '2026-01-01T00:00:02.000Z', taskId: two });
      expect(journal.find(one)?.taskId).toBe(two);
      expect(journal.find(two)?.taskId).toBe(one);
      expect(journal.latestForKey(one)?.job).toBe(one);
      expect(journal.latestForKey(two)?.job).toBe(two);
      expect(journal.findByTask(one)?.job).toBe(two);
      expect(journal.findByTask(two)?.job).toBe(one);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mp4 check', () => {
  it('accepts the fixture and padded artifacts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp4-'));
    try {
      const file = join(dir, 'a.mp4');
      writeFileSync(file, fixtureMp4());
      expect((await checkMp4(file)).ok).toBe(true);
      writeFileSync(file, new Artifact(fixtureMp4().length + 5000).bytes());
      const padded = await checkMp4(file);
      expect(padded.ok).toBe(true);
      expect(padded.boxes.at(-1)).toBe('free');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a truncated file and an HTML page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp4-'));
    try {
      const file = join(dir, 'a.mp4');
      writeFileSync(file, fixtureMp4().subarray(0, fixtureMp4().length - 100));
      expect((await checkMp4(file)).reason).toMatch(/truncated/);
      writeFileSync(file, '<html><body>403 Forbidden</body></html>');
      expect((await checkMp4(file)).ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads length and picture size from the headers (as ffprobe reports them), a 90° rotation swapping the size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp4-'));
    const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
    try {
      const file = join(dir, 'a.mp4');
      writeFileSync(file, new Artifact(fixtureMp4().length + 5000).bytes());
      expect(await readMp4Movie(file)).toEqual({ seconds: 2, width: 320, height: 192 });
      expect(await readMp4Movie(fixture('portrait.mp4'))).toEqual({ seconds: 1, width: 360, height: 640 });
      // stored 640×360 with a 90° display matrix, as phones record portrait video
      expect(await readMp4Movie(fixture('rotated.mp4'))).toEqual({ seconds: 1, width: 360, height: 640 });
      writeFileSync(file, fixtureMp4().subarray(0, 32));
      expect(await readMp4Movie(file)).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the default ratio for a video input is the allowed one nearest its shape', () => {
    const aleph = ['1280:720', '720:1280', '1104:832', '960:960', '832:1104', '1584:672', '848:480', '640:480'];
    expect(closestRatio(aleph, { width: 360, height: 640 })).toBe('720:1280');
    expect(closestRatio(aleph, { width: 1920, height: 1080 })).toBe('1280:720');
    expect(closestRatio(aleph, { width: 1000, height: 1000 })).toBe('960:960');
    expect(closestRatio(aleph, {})).toBeUndefined();
  });
});

describe('streaming mp4 walker', () => {
  const walk = (bytes: Buffer, chunk: number) => {
    const walker = new Mp4Walker();
    for (let i = 0; i < bytes.length; i += chunk) walker.update(bytes.subarray(i, i + chunk));
    return walker.finish();
  };

  it('agrees with the file check, whatever the chunking (headers split across chunks too)', () => {
    const padded = new Artifact(fixtureMp4().length + 70_000).bytes();
    for (const chunk of [1, 7, 4096, 65_536, padded.length]) {
      const check = walk(padded, chunk);
      expect(check.ok, `chunk ${chunk}`).toBe(true);
      expect(check.boxes.at(-1)).toBe('free');
    }
  });

  it('follows a 64-bit box size', () => {
    const mp4 = fixtureMp4();
    const big = Buffer.alloc(16 + 100);
    big.writeUInt32BE(1, 0);
    big.write('free', 4, 'latin1');
    big.writeBigUInt64BE(116n, 8);
    expect(walk(Buffer.concat([mp4, big]), 5).ok).toBe(true);
  });

  it('rejects a truncated stream and an HTML page', () => {
    const mp4 = fixtureMp4();
    expect(walk(mp4.subarray(0, mp4.length - 100), 1000).reason).toMatch(/truncated/);
    expect(walk(mp4.subarray(0, mp4.length - 3), 1000).ok).toBe(false);
    expect(walk(Buffer.from('<html><body>403 Forbidden</body></html>'), 8).ok).toBe(false);
  });
});
