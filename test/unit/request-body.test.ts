/** Request bodies from disk: order, reuse of the read buffers only after the write, errors. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestBody } from '../../src/core/request-body.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runway-request-body-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const content = randomBytes(5 * 1024 * 1024 + 17);

describe('requestBody', () => {
  it('counts its length and sends every part in order, twice if asked (a retry)', async () => {
    const path = join(dir, 'video.mp4');
    writeFileSync(path, content);
    const body = requestBody([Buffer.from('head'), { path, bytes: content.length }, Buffer.from('tail')]);
    expect(body.length).toBe(content.length + 8);
    for (let attempt = 0; attempt < 2; attempt++) {
      const sent: Buffer[] = [];
      await body.send(async (chunk) => void sent.push(Buffer.from(chunk)));
      expect(Buffer.concat(sent).equals(Buffer.concat([Buffer.from('head'), content, Buffer.from('tail')]))).toBe(true);
    }
  });

  it('never refills a buffer the transport is still sending', async () => {
    const path = join(dir, 'video.mp4');
    writeFileSync(path, content);
    const sent: Buffer[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    // A slow socket: the bytes are taken (copied) only when the write completes.
    await requestBody([{ path, bytes: content.length }]).send(
      (chunk) =>
        new Promise((resolve) => {
          mostInFlight = Math.max(mostInFlight, ++inFlight);
          setTimeout(() => {
            sent.push(Buffer.from(chunk));
            inFlight--;
            resolve();
          }, 5);
        }),
    );
    expect(Buffer.concat(sent).equals(content)).toBe(true);
    expect(mostInFlight).toBe(2);
  });

  it('stops at the first failed write and reports it', async () => {
    const path = join(dir, 'video.mp4');
    writeFileSync(path, content);
    const broken = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    let writes = 0;
    await expect(requestBody([{ path, bytes: content.length }]).send(async () => {
      writes++;
      throw broken;
    })).rejects.toBe(broken);
    expect(writes).toBeLessThanOrEqual(3);
  });
});
