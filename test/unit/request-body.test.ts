/** Request bodies from disk: order, a fresh read per attempt, a file that shrank, progress. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestBody, withProgress } from '../../src/core/http/request-body.js';
import { UsageError } from '../../src/core/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runway-request-body-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const content = randomBytes(5 * 1024 * 1024 + 17);

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks;
}

describe('requestBody', () => {
  it('counts its length and yields every part in order, twice if asked (a retry)', async () => {
    const path = join(dir, 'video.mp4');
    writeFileSync(path, content);
    const body = requestBody([Buffer.from('head'), { path, bytes: content.length }, Buffer.from('tail')]);
    expect(body.length).toBe(content.length + 8);
    for (let attempt = 0; attempt < 2; attempt++) {
      const chunks = await collect(body.chunks());
      expect(Buffer.concat(chunks).equals(Buffer.concat([Buffer.from('head'), content, Buffer.from('tail')]))).toBe(true);
      // Slices, never the whole file at once.
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(1 << 20);
    }
  });

  it('refuses a file that became shorter than announced', async () => {
    const path = join(dir, 'video.mp4');
    writeFileSync(path, content);
    const body = requestBody([{ path, bytes: content.length }]);
    truncateSync(path, 1000);
    await expect(collect(body.chunks())).rejects.toBeInstanceOf(UsageError);
  });

  it('reports progress from zero on every attempt', async () => {
    const path = join(dir, 'video.mp4');
    writeFileSync(path, content);
    const seen: number[] = [];
    const body = withProgress(requestBody([{ path, bytes: content.length }]), (sent) => seen.push(sent));
    await collect(body.chunks());
    const first = seen.splice(0);
    await collect(body.chunks());
    expect(seen).toEqual(first);
    expect(first.at(-1)).toBe(content.length);
    expect(first[0]).toBeLessThan(content.length);
  });
});
