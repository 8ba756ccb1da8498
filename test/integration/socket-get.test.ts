/** The download transport against real loopback servers: framings, TLS, cuts, stalls, aborts. */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { socketGet, type SocketGetOptions } from '../../src/core/socket-get.js';

const tls = { cert: readFileSync(new URL('../fixtures/tls/localhost-cert.pem', import.meta.url)), key: readFileSync(new URL('../fixtures/tls/localhost-key.pem', import.meta.url)) };
const payload = randomBytes(3 * 1024 * 1024 + 4321);
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

/** Writes `payload` in 256 KiB pieces, honouring back-pressure, then ends (or calls `after`). */
function sendPayload(res: ServerResponse, after?: () => void, bytes = payload): void {
  let at = 0;
  const step = () => {
    while (at < bytes.length) {
      const ok = res.write(bytes.subarray(at, at + 256 * 1024));
      at += 256 * 1024;
      if (!ok) return void res.once('drain', step);
    }
    if (after) after();
    else res.end();
  };
  step();
}

async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  return `http://127.0.0.1:${await listen(createHttpServer(handler))}`;
}

/** A raw TCP server answering every connection with `reply` (for framings node:http would not send). */
async function tcpServer(reply: (socket: Socket) => void): Promise<string> {
  const server = createTcpServer((socket) => socket.once('data', () => reply(socket)));
  return `http://127.0.0.1:${await listen(server)}`;
}

const options = (url: string, extra: Partial<SocketGetOptions> = {}): SocketGetOptions => ({
  url,
  headers: { accept: '*/*' },
  connectTimeoutMs: 5000,
  headersTimeoutMs: 5000,
  bodyTimeoutMs: 5000,
  ...extra,
});

async function fetchAll(opts: SocketGetOptions): Promise<{ status: number; bytes: Buffer; chunks: number }> {
  const res = await socketGet(opts);
  const parts: Buffer[] = [];
  await res.body.pump((chunk) => {
    parts.push(Buffer.from(chunk));
  });
  return { status: res.status, bytes: Buffer.concat(parts), chunks: parts.length };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('socketGet', () => {
  it('reads a Content-Length body exactly, in large slices, sending our headers and Connection: close', async () => {
    let seen: IncomingMessage | undefined;
    const url = await httpServer((req, res) => {
      seen = req;
      res.setHeader('content-length', payload.length);
      sendPayload(res);
    });
    const got = await fetchAll(options(`${url}/a/b?sig=1`, { headers: { range: 'bytes=0-' } }));
    expect(got.status).toBe(200);
    expect(sha(got.bytes)).toBe(sha(payload));
    expect(got.chunks).toBeLessThan(20);
    expect(seen?.url).toBe('/a/b?sig=1');
    expect(seen?.headers.range).toBe('bytes=0-');
    expect(seen?.headers.connection).toBe('close');
  });

  it('waits for a consumer that returns a promise before reusing the memory it was handed', async () => {
    const url = await httpServer((_req, res) => {
      res.setHeader('content-length', payload.length);
      sendPayload(res);
    });
    for (const framing of ['length', 'chunked']) {
      const target = framing === 'length' ? url : await httpServer((_req, res) => sendPayload(res));
      const res = await socketGet(options(target));
      const parts: Buffer[] = [];
      // Keep the chunk itself (no copy) and read it only when the "write" completes.
      await res.body.pump((chunk) => new Promise<void>((resolve) => setTimeout(() => {
        parts.push(Buffer.from(chunk));
        resolve();
      }, 1)));
      expect(sha(Buffer.concat(parts))).toBe(sha(payload));
    }

    const failing = await socketGet(options(url));
    const diskFull = Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    await expect(failing.body.pump(() => Promise.reject(diskFull))).rejects.toBe(diskFull);
  });

  it('re-arms the stall timer after every wait without piling up listeners', async () => {
    const big = Buffer.alloc(24 * 1024 * 1024, 7);
    const url = await httpServer((_req, res) => {
      res.setHeader('content-length', big.length);
      sendPayload(res, undefined, big);
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const res = await socketGet(options(url));
      let bytes = 0;
      let slices = 0;
      // A consumer slower than the network: reading waits for it again and again.
      await res.body.pump((chunk) => new Promise<void>((resolve) => setTimeout(() => {
        bytes += chunk.length;
        slices++;
        resolve();
      }, 5)));
      expect(bytes).toBe(big.length);
      expect(slices).toBeGreaterThan(12);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('decodes a chunked body', async () => {
    const url = await httpServer((_req, res) => sendPayload(res));
    const got = await fetchAll(options(url));
    expect(sha(got.bytes)).toBe(sha(payload));
  });

  it('reads a close-delimited body, skipping an interim 1xx answer', async () => {
    const url = await tcpServer((socket) => {
      socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\ncontent-type: video/mp4\r\n\r\n');
      socket.end(payload.subarray(0, 100_000));
    });
    const got = await fetchAll(options(url));
    expect(got.status).toBe(200);
    expect(got.bytes.equals(payload.subarray(0, 100_000))).toBe(true);
  });

  it('works over TLS', async () => {
    const server = createHttpsServer(tls, (_req, res) => {
      res.setHeader('content-length', payload.length);
      sendPayload(res);
    });
    const port = await listen(server);
    const got = await fetchAll(options(`https://localhost:${port}/x`, { ca: tls.cert }));
    expect(sha(got.bytes)).toBe(sha(payload));
    // An untrusted certificate is refused, with the code the retry policy treats as permanent.
    await expect(socketGet(options(`https://localhost:${port}/x`))).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('hands over what arrived before a cut, then rejects with a connection error', async () => {
    const url = await httpServer((req, res) => {
      res.setHeader('content-length', payload.length);
      sendPayload(res, () => req.socket.destroy(), payload.subarray(0, 1_000_000));
    });
    const res = await socketGet(options(url));
    let received = 0;
    await expect(res.body.pump((chunk) => {
        received += chunk.length;
      })).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(received).toBe(1_000_000);
  });

  it('aborts a stalled body after the body timeout', async () => {
    const url = await httpServer((_req, res) => {
      res.setHeader('content-length', payload.length);
      res.write(payload.subarray(0, 1000));
    });
    const res = await socketGet(options(url, { bodyTimeoutMs: 200 }));
    let received = 0;
    await expect(res.body.pump((chunk) => {
        received += chunk.length;
      })).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
    expect(received).toBe(1000);
  });

  it('times out a server that never answers, and refuses oversized or malformed heads', async () => {
    const silent = await tcpServer(() => undefined);
    await expect(socketGet(options(silent, { headersTimeoutMs: 200 }))).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    const huge = await tcpServer((socket) => socket.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(100_000)}\r\n`));
    await expect(socketGet(options(huge))).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_OVERFLOW' });
    const garbage = await tcpServer((socket) => socket.end('<html>oops</html>\r\n\r\n'));
    await expect(socketGet(options(garbage))).rejects.toMatchObject({ code: 'HPE_INVALID_CONSTANT' });
  });

  it('stops when the consumer throws, and when the signal aborts', async () => {
    let closed = 0;
    const url = await httpServer((req, res) => {
      req.socket.on('close', () => closed++);
      res.setHeader('content-length', payload.length);
      sendPayload(res);
    });
    const res = await socketGet(options(url));
    const diskFull = Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    await expect(
      res.body.pump(() => {
        throw diskFull;
      }),
    ).rejects.toBe(diskFull);

    const controller = new AbortController();
    const reason = new Error('interrupted');
    const aborted = await socketGet(options(url, { signal: controller.signal }));
    const pumping = aborted.body.pump(() => controller.abort(reason));
    await expect(pumping).rejects.toBe(reason);
    await expect(socketGet(options(url, { signal: controller.signal }))).rejects.toBe(reason);
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(2);
  });
});
