/** The socket transport against real loopback servers: framings, TLS, cuts, stalls, aborts, request bodies. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { requestBody } from '../../src/core/request-body.js';
import { socketRequest, type SocketRequestOptions } from '../../src/core/socket-request.js';

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

const options = (url: string, extra: Partial<SocketRequestOptions> = {}): SocketRequestOptions => ({
  url,
  headers: { accept: '*/*' },
  connectTimeoutMs: 5000,
  headersTimeoutMs: 5000,
  bodyTimeoutMs: 5000,
  ...extra,
});

async function fetchAll(opts: SocketRequestOptions): Promise<{ status: number; bytes: Buffer; chunks: number }> {
  const res = await socketRequest(opts);
  const parts: Buffer[] = [];
  await res.body.pump((chunk) => {
    parts.push(Buffer.from(chunk));
  });
  return { status: res.status, bytes: Buffer.concat(parts), chunks: parts.length };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('socketRequest', () => {
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
      const res = await socketRequest(options(target));
      const parts: Buffer[] = [];
      // Keep the chunk itself (no copy) and read it only when the "write" completes.
      await res.body.pump((chunk) => new Promise<void>((resolve) => setTimeout(() => {
        parts.push(Buffer.from(chunk));
        resolve();
      }, 1)));
      expect(sha(Buffer.concat(parts))).toBe(sha(payload));
    }

    const failing = await socketRequest(options(url));
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
      const res = await socketRequest(options(url));
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
    await expect(socketRequest(options(`https://localhost:${port}/x`))).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('hands over what arrived before a cut, then rejects with a connection error', async () => {
    const url = await httpServer((req, res) => {
      res.setHeader('content-length', payload.length);
      sendPayload(res, () => req.socket.destroy(), payload.subarray(0, 1_000_000));
    });
    const res = await socketRequest(options(url));
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
    const res = await socketRequest(options(url, { bodyTimeoutMs: 200 }));
    let received = 0;
    await expect(res.body.pump((chunk) => {
        received += chunk.length;
      })).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
    expect(received).toBe(1000);
  });

  it('times out a server that never answers, and refuses oversized or malformed heads', async () => {
    const silent = await tcpServer(() => undefined);
    await expect(socketRequest(options(silent, { headersTimeoutMs: 200 }))).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    const huge = await tcpServer((socket) => socket.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(100_000)}\r\n`));
    await expect(socketRequest(options(huge))).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_OVERFLOW' });
    const garbage = await tcpServer((socket) => socket.end('<html>oops</html>\r\n\r\n'));
    await expect(socketRequest(options(garbage))).rejects.toMatchObject({ code: 'HPE_INVALID_CONSTANT' });
  });

  it('stops when the consumer throws, and when the signal aborts', async () => {
    let closed = 0;
    const url = await httpServer((req, res) => {
      req.socket.on('close', () => closed++);
      res.setHeader('content-length', payload.length);
      sendPayload(res);
    });
    const res = await socketRequest(options(url));
    const diskFull = Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    await expect(
      res.body.pump(() => {
        throw diskFull;
      }),
    ).rejects.toBe(diskFull);

    const controller = new AbortController();
    const reason = new Error('interrupted');
    const aborted = await socketRequest(options(url, { signal: controller.signal }));
    const pumping = aborted.body.pump(() => controller.abort(reason));
    await expect(pumping).rejects.toBe(reason);
    await expect(socketRequest(options(url, { signal: controller.signal }))).rejects.toBe(reason);
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(2);
  });
});

describe('socketRequest with a body', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runway-body-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fileOf(bytes: Buffer): { path: string; bytes: number } {
    const path = join(dir, `f-${bytes.length}`);
    writeFileSync(path, bytes);
    return { path, bytes: bytes.length };
  }

  /** A server that hashes what it receives and answers it back as JSON. */
  const echo = (req: IncomingMessage, res: ServerResponse) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    req.on('end', () => {
      const answer = JSON.stringify({ method: req.method, length: req.headers['content-length'], bytes, sha: hash.digest('hex') });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  };

  async function answerOf(res: Awaited<ReturnType<typeof socketRequest>>): Promise<Record<string, unknown>> {
    const parts: Buffer[] = [];
    await res.body.pump((chunk) => void parts.push(Buffer.from(chunk)));
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
  }

  it('sends bytes and file parts in order, then reads the answer (plain and TLS)', async () => {
    const head = Buffer.from('--boundary\r\n\r\n');
    const tail = Buffer.from('\r\n--boundary--\r\n');
    const body = requestBody([head, fileOf(payload), tail]);
    const expected = Buffer.concat([head, payload, tail]);
    const plain = await httpServer(echo);
    const port = await listen(createHttpsServer(tls, echo));
    for (const [url, extra] of [
      [`${plain}/upload?sig=1`, {}],
      [`https://localhost:${port}/upload`, { ca: tls.cert }],
    ] as const) {
      const res = await socketRequest(options(url, { method: 'PUT', body, headers: { 'content-length': String(body.length) }, ...extra }));
      expect(res.status).toBe(200);
      expect(await answerOf(res)).toEqual({ method: 'PUT', length: String(expected.length), bytes: expected.length, sha: sha(expected) });
    }
  });

  it('gives up on a server that takes no more data, after the body timeout', async () => {
    const held: Socket[] = [];
    const url = await tcpServer((socket) => held.push(socket.pause()));
    const big = Buffer.alloc(64 * 1024 * 1024);
    const started = performance.now();
    await expect(
      socketRequest(options(url, { method: 'POST', body: requestBody([fileOf(big)]), headers: { 'content-length': String(big.length) }, bodyTimeoutMs: 300 })),
    ).rejects.toMatchObject({ code: 'ERR_SEND_STALLED' });
    expect(performance.now() - started).toBeLessThan(5000);
    held.forEach((socket) => socket.destroy());
  });

  it('stops sending when the server answers first, and returns that answer', async () => {
    const url = await tcpServer((socket) => {
      socket.write('HTTP/1.1 413 Payload Too Large\r\ncontent-length: 5\r\n\r\nlarge');
      socket.resume();
    });
    const big = Buffer.alloc(64 * 1024 * 1024);
    const res = await socketRequest(options(url, { method: 'POST', body: requestBody([fileOf(big)]), headers: { 'content-length': String(big.length) } }));
    expect(res.status).toBe(413);
    const parts: Buffer[] = [];
    await res.body.pump((chunk) => void parts.push(Buffer.from(chunk)));
    expect(Buffer.concat(parts).toString()).toBe('large');
  });

  it('refuses to send a file that became shorter than announced', async () => {
    const url = await httpServer(echo);
    const file = fileOf(payload);
    const body = requestBody([{ path: file.path, bytes: file.bytes + 10 }]);
    await expect(socketRequest(options(url, { method: 'POST', body, headers: { 'content-length': String(body.length) } }))).rejects.toBeInstanceOf(UsageError);
  });
});
