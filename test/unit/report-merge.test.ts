/** Shard reports merged from their files a job at a time: the same report as merging them whole, and the same refusals. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeReportFiles } from '../../src/core/report/merge.js';
import { ReportTally, junitText, reportText, type ReportJob } from '../../src/core/report/report.js';
import type { ReportHead } from '../../src/core/report/report-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runway-merge-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const job = (line: number, state = 'succeeded'): ReportJob => ({
  id: line % 4 === 0 ? `id-${line}` : null,
  key: `h:${line.toString(16).padStart(16, '0')}`,
  line,
  provider: 'runwayml',
  model: 'gen4.5',
  state: state as ReportJob['state'],
  origin: 'submitted',
  exitCode: state === 'succeeded' ? 0 : 5,
  taskId: `task-${line}`,
  seconds: line / 10,
  prompt: `prompt ${line} "é" \n ${'x'.repeat(line % 7)}`,
  seed: line,
  credits: state === 'succeeded' ? 60 : null,
  files: state === 'succeeded' ? [{ file: `/out/${line}.mp4`, bytes: line, sha256: 'ab'.repeat(32), url: `https://x/${line}` }] : [],
  error: state === 'succeeded' ? null : { message: `failed ${line}`, failureCode: 'X' },
});

function head(shard: string | null, jobs: ReportJob[], extra: Partial<ReportHead> = {}): ReportHead {
  const tally = ReportTally.of(jobs);
  return {
    version: 1,
    source: 'jobs.jsonl',
    batch: 'h:batch',
    shard,
    concurrency: 4,
    startedAt: `2026-01-0${shard?.[0] ?? 1}T00:00:00.000Z`,
    finishedAt: `2026-01-0${shard?.[0] ?? 1}T00:10:00.000Z`,
    seconds: 600,
    total: tally.total,
    succeeded: tally.succeeded,
    failed: tally.total - tally.succeeded,
    exitCode: tally.exitCode,
    credits: tally.credits ?? null,
    ...extra,
  };
}

function write(name: string, report: ReportHead, jobs: ReportJob[]): string {
  const file = join(dir, name);
  writeFileSync(file, [...reportText(report, jobs)].join(''));
  return file;
}

/** Three shards of 300 lines, some failed, each report in line order as `runway batch` writes it. */
function shards(): { files: string[]; all: ReportJob[] } {
  const all = Array.from({ length: 300 }, (_, i) => job(i + 1, (i + 1) % 17 === 0 ? 'failed' : 'succeeded'));
  const files = [1, 2, 3].map((s) => {
    const mine = all.filter((j) => j.line % 3 === s % 3);
    return write(`report-${s}.json`, head(`${s}/3`, mine), mine);
  });
  return { files, all };
}

describe('report merge', () => {
  it('gives the report and JUnit that merging the whole reports in memory gives', () => {
    const { files, all } = shards();
    const merged = mergeReportFiles(files);
    expect([...merged.jobs()]).toEqual(all);
    const tally = ReportTally.of(all);
    expect(merged.head).toEqual({
      ...head(null, all),
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-03T00:10:00.000Z',
      seconds: 2 * 86400 + 600,
      exitCode: 5,
    });
    expect(merged.tally).toMatchObject({ total: 300, succeeded: tally.succeeded, failures: tally.failures, credits: tally.credits });
    expect([...junitText(merged.head, merged.tally, merged.jobs())].join('')).toBe([...junitText(merged.head, tally, all)].join(''));
  });

  it('puts the jobs of a report that is not in line order (edited by hand) in line order too', () => {
    const { files, all } = shards();
    const mine = all.filter((j) => j.line % 3 === 1).reverse();
    files[0] = write('report-1.json', head('1/3', mine), mine);
    expect([...mergeReportFiles(files).jobs()].map((j) => j.line)).toEqual(all.map((j) => j.line));
  });

  it('refuses overlapping shards, a shard twice, another batch, a cut-off file and something else', () => {
    const { files } = shards();
    const overlap = write('overlap.json', head('4/4', [job(5)]), [job(5)]);
    expect(() => mergeReportFiles([...files, overlap])).toThrow(
      /Line 5 .* is in both .*report-2\.json and .*overlap\.json: the shards overlap/,
    );
    expect(() => mergeReportFiles([files[0] as string, files[0] as string])).toThrow(/are both shard 1\/3/);
    const other = write('other.json', head('2/3', [job(1000)], { batch: 'h:other' }), [job(1000)]);
    expect(() => mergeReportFiles([files[0] as string, other])).toThrow(/is a report of another batch/);
    const text = [...reportText(head('2/3', [job(2), job(5)]), [job(2), job(5)])].join('');
    writeFileSync(join(dir, 'cut.json'), text.slice(0, text.length - 40));
    expect(() => mergeReportFiles([files[0] as string, join(dir, 'cut.json')])).toThrow(
      /cut\.json cannot be read as a report: the file ends before the report does/,
    );
    writeFileSync(join(dir, 'list.json'), '[{"line":1}]');
    expect(() => mergeReportFiles([join(dir, 'list.json')])).toThrow(/list\.json is not a runway batch report/);
    writeFileSync(join(dir, 'garbled.json'), text.replace('"line": 5', '"line": 5,,'));
    expect(() => mergeReportFiles([files[0] as string, join(dir, 'garbled.json')])).toThrow(/garbled\.json cannot be read as a report/);
    expect(() => mergeReportFiles([join(dir, 'missing.json')])).toThrow(/missing\.json cannot be read as a report: no such file/);
  });
});
