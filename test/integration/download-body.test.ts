/** Body to file over the real socket transport: what is left on disk after a write fails. */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Fingerprint, writeAt, writeBody, type SliceWriter } from '../../src/core/download/write-body.js';
import { request } from 'undici';
import { readableBody } from '../../src/core/http/body.js';

const payload = randomBytes(6 * 1024 * 1024 + 99);
let server: Server | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (server) await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = dir = undefined;
});

async function serve(): Promise<string> {
  server = createServer((_req, res) => {
    res.setHeader('content-length', payload.length);
    res.end(payload);
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/video.mp4`;
}

describe('writeBody', () => {
  it('cuts the file back to the last byte before a failed write, even when a later slice landed', async () => {
    const url = await serve();
    dir = mkdtempSync(join(tmpdir(), 'runway-body-'));
    const path = join(dir, 'video.mp4.part');
    const fd = openSync(path, 'w');
    const diskFull = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    let failing: { at: number; half: number } | undefined;
    let laterLanded = false;
    let releaseFailure = () => undefined as void;
    const writeSlice: SliceWriter = async (file, chunk, position, landed) => {
      if (position > 0 && !failing) {
        // Half the slice reaches the disk, then the disk is full; the failure is reported only
        // after the next slice (written meanwhile from the other read window) has landed.
        failing = { at: position, half: Math.floor(chunk.length / 2) };
        await writeAt(file, chunk.subarray(0, failing.half), position, landed);
        await new Promise<void>((resolve) => {
          releaseFailure = resolve;
          setTimeout(resolve, 2000);
        });
        throw diskFull;
      }
      await writeAt(file, chunk, position, landed);
      if (failing && position > failing.at) {
        laterLanded = true;
        releaseFailure();
      }
    };
    try {
      const res = await request(url);
      await expect(writeBody(readableBody(res.body), fd, 0, new Fingerprint(), () => undefined, writeSlice)).rejects.toBe(diskFull);
    } finally {
      closeSync(fd);
    }
    expect(laterLanded).toBe(true);
    const { at, half } = failing as { at: number; half: number };
    const kept = at + half;
    expect(statSync(path).size).toBe(kept);
    expect(readFileSync(path).equals(payload.subarray(0, kept))).toBe(true);
  });
});
