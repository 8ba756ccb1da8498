/** A batch kept small: reports written a piece at a time (the same bytes as whole), entries back in line order, keys in typed arrays, CSV fed a line at a time. */
import { describe, expect, it } from 'vitest';
import { ReportTally, junitText, reportHead, reportJob, reportText } from '../../src/core/report/report.js';
import { ResultLog } from '../../src/core/report/results.js';
import { CsvReader } from '../../src/core/batch/csv.js';
import { KeyLines } from '../../src/core/batch/key-lines.js';
import { jobKey } from '../../src/core/batch/input.js';
import type { BatchResult } from '../../src/core/batch/run.js';

function result(line: number, state: BatchResult['state'], extra: Partial<BatchResult> = {}): BatchResult {
  return {
    spec: {
      line,
      index: line,
      key: `h:${line}`,
      model: 'gen4.5',
      options: { prompt: `a "quoted"\nprompt ${line}` },
      id: line === 2 ? 'second' : undefined,
    },
    provider: 'runwayml',
    model: 'gen4.5',
    state,
    origin: 'submitted',
    exitCode: state === 'succeeded' ? 0 : 5,
    seconds: line / 3,
    files: state === 'succeeded' ? [{ file: `/out/${line}.mp4`, bytes: 10 * line, sha256: 'ab'.repeat(32), url: `https://x/${line}` }] : [],
    ...(state === 'succeeded' ? { credits: 25 } : { error: { message: `failed <${line}> & gone`, failureCode: 'X' } }),
    ...extra,
  };
}

const meta = { source: 'jobs.jsonl', startedAt: new Date(0), finishedAt: new Date(61_500), concurrency: 4, batch: 'h:b' };

describe('batch report', () => {
  it('is written piece by piece exactly as JSON.stringify writes it whole, with no jobs, one, or several', () => {
    for (const results of [
      [],
      [result(1, 'succeeded')],
      [result(1, 'succeeded'), result(2, 'failed'), result(3, 'succeeded', { placed: 'copied' })],
    ]) {
      const jobs = results.map(reportJob);
      const head = reportHead(meta, ReportTally.of(jobs));
      expect([...reportText(head, jobs)].join('')).toBe(`${JSON.stringify({ ...head, jobs }, null, 2)}\n`);
    }
  });

  it('keeps finished jobs on disk and gives them back in line order, with the tally', () => {
    const log = new ResultLog();
    try {
      for (const line of [3, 1, 2]) log.add(result(line, line === 2 ? 'failed' : 'succeeded'));
      const jobs = [...log.jobs()];
      expect(jobs.map((j) => j.line)).toEqual([1, 2, 3]);
      expect(jobs).toEqual([1, 2, 3].map((line) => reportJob(result(line, line === 2 ? 'failed' : 'succeeded'))));
      expect(log.tally).toMatchObject({ total: 3, succeeded: 2, failures: 1, errors: 0, exitCode: 5, credits: 50 });
      expect(log.tally.notSucceeded.map((j) => j.id)).toEqual(['second']);
      const xml = [...junitText(reportHead(meta, log.tally), log.tally, jobs)].join('');
      expect(xml).toContain('<testsuites name="runway batch" tests="3" failures="1" errors="0" time="61.500">');
      expect(xml).toContain('<failure message="failed &lt;2&gt; &amp; gone" type="failed">');
    } finally {
      log.close();
    }
  });
});

describe('CSV fed a line at a time', () => {
  it('gives the rows, and the lines they start on, that the whole text gives', () => {
    const text = '\ufeffid,prompt\r\na,"two\r\nlines"\r\nb,"say ""hi"", twice"\r\n\r\nc,last';
    const whole = new CsvReader();
    const expected = [...whole.push(text), ...whole.end()];
    const pieces = new CsvReader();
    const parts = text.split('\n');
    const rows = parts.flatMap((line, i) => pieces.push(i < parts.length - 1 ? `${line}\n` : line));
    rows.push(...pieces.end());
    expect(rows).toEqual(expected);
    expect(expected.map((r) => [r.line, r.cells])).toEqual([
      [1, ['id', 'prompt']],
      [2, ['a', 'two\r\nlines']],
      [4, ['b', 'say "hi", twice']],
      [6, ['c', 'last']],
    ]);
  });
});

describe('key lines', () => {
  it('keeps the first line of each key, hash keys and ids alike, across growth', () => {
    const keys = new KeyLines();
    const all = Array.from({ length: 5000 }, (_v, i) => (i % 2 ? jobKey({ prompt: `p${i}` }) : `id:${i}`));
    all.forEach((key, i) => keys.set(key, i + 1));
    for (const key of all) keys.set(key, 99_999);
    expect(keys.size).toBe(5000);
    expect(all.every((key, i) => keys.get(key) === i + 1)).toBe(true);
    expect(keys.get('id:5001')).toBeUndefined();
    expect(keys.has(jobKey({ prompt: 'never' }))).toBe(false);
  });
});

describe('batch summary', () => {
  async function summaryOf(jobs: ReturnType<typeof reportJob>[]): Promise<string[]> {
    const { printSummary } = await import('../../src/cli/render/batch-progress.js');
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (text: string) => {
      lines.push(...text.split('\n').filter(Boolean));
      return true;
    };
    try {
      printSummary(jobs, ReportTally.of(jobs));
    } finally {
      process.stderr.write = write;
    }
    return lines;
  }

  it('lists every job up to 1,000, past that only those that did not succeed', async () => {
    const few = await summaryOf([1, 2, 3].map((line) => reportJob(result(line, line === 2 ? 'failed' : 'succeeded'))));
    expect(few.filter((l) => /^line \d|^second/.test(l))).toHaveLength(3);
    const many = await summaryOf(Array.from({ length: 1001 }, (_v, i) => reportJob(result(i + 1, i === 499 ? 'failed' : 'succeeded'))));
    expect(many.filter((l) => /^line \d/.test(l))).toEqual([expect.stringMatching(/^line 500 +failed/)]);
    expect(many).toContain('(1001 jobs: the table lists the 1 that did not succeed; --report has every job)');
    expect(many.at(-1)).toMatch(/^1000 of 1001 succeeded; look at: line 500 \[failed\]/);
  });
});
