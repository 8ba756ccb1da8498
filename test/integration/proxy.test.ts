/**
 * Requests through an http:// proxy (CONNECT tunnels) against a real loopback proxy that sends
 * every *.runway.test name to 127.0.0.1: API calls (undici), downloads and uploads (the socket
 * transport), plain and TLS, with and without proxy credentials.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { HttpClient } from '../../src/core/http.js';
import { requestBody } from '../../src/core/request-body.js';
import { socketRequest } from '../../src/core/socket-request.js';

const tls = { cert: readFileSync(new URL('../fixtures/tls/localhost-cert.pem', import.meta.url)), key: readFileSync(new URL('../fixtures/tls/localhost-key.pem', import.meta.url)) };
const payload = randomBytes(3 * 1024 * 1024 + 99);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const servers: Server[] = [];
const sockets: Socket[] = [];
const clients: HttpClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  sockets.splice(0).forEach((s) => s.destroy());
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

/** The proxy: answers CONNECT for *.runway.test (to 127.0.0.1), optionally wanting credentials. */
async function proxy(credentials?: string): Promise<{ url: string; tunnels: string[]; auth: (string | undefined)[] }> {
  const tunnels: string[] = [];
  const auth: (string | undefined)[] = [];
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Socket) => {
    sockets.push(client);
    auth.push(req.headers['proxy-authorization']);
    if (credentials && req.headers['proxy-authorization'] !== `Basic ${Buffer.from(credentials).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    tunnels.push(req.url ?? '');
    if (!host?.endsWith('.runway.test')) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.push(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return { url: `http://127.0.0.1:${await listen(server)}`, tunnels, auth };
}

const serve = (req: IncomingMessage, res: ServerResponse) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-length': payload.length });
    return void res.end(payload);
  }
  const hash = createHash('sha256');
  req.on('data', (chunk: Buffer) => hash.update(chunk));
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, sha: hash.digest('hex') })));
};

const timeouts = { connectTimeoutMs: 5000, headersTimeoutMs: 5000, bodyTimeoutMs: 5000 };

async function readAll(res: Awaited<ReturnType<typeof socketRequest>>, slow = false): Promise<Buffer> {
  const parts: Buffer[] = [];
  // A slow consumer makes the tunnelled socket pause and resume many times.
  await res.body.pump((chunk) => {
    parts.push(Buffer.from(chunk));
    return slow ? new Promise((r) => setTimeout(r, 2)) : undefined;
  });
  return Buffer.concat(parts);
}

describe('through an http:// proxy', () => {
  it('downloads over a tunnel, plain and TLS, with a consumer slower than the network', async () => {
    const p = await proxy();
    const plain = await listen(createHttpServer(serve));
    const secure = await listen(createHttpsServer(tls, serve));
    const viaProxy = new URL(p.url);
    const a = await socketRequest({ url: `http://storage.runway.test:${plain}/a.mp4`, headers: {}, proxy: viaProxy, ...timeouts });
    expect(sha(await readAll(a, true))).toBe(sha(payload));
    const b = await socketRequest({ url: `https://storage.runway.test:${secure}/b.mp4`, headers: {}, proxy: viaProxy, ca: tls.cert, ...timeouts });
    expect(b.status).toBe(200);
    expect(sha(await readAll(b, true))).toBe(sha(payload));
    expect(p.tunnels).toEqual([`storage.runway.test:${plain}`, `storage.runway.test:${secure}`]);
  });

  it('uploads over a TLS tunnel, sending proxy credentials from the proxy URL', async () => {
    const p = await proxy('user:pa ss');
    const secure = await listen(createHttpsServer(tls, serve));
    const dir = mkdtempSync(join(tmpdir(), 'runway-proxy-'));
    try {
      const path = join(dir, 'clip.mp4');
      writeFileSync(path, payload);
      const body = requestBody([{ path, bytes: payload.length }]);
      const res = await socketRequest({
        method: 'PUT',
        url: `https://storage.runway.test:${secure}/up`,
        headers: { 'content-length': String(body.length) },
        body,
        proxy: new URL(p.url.replace('http://', 'http://user:pa%20ss@')),
        ca: tls.cert,
        ...timeouts,
      });
      expect(JSON.parse((await readAll(res)).toString())).toEqual({ method: 'PUT', sha: sha(payload) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a proxy that refuses the tunnel, naming the proxy but not its credentials', async () => {
    const p = await proxy('user:right');
    const wrong = new URL(p.url.replace('http://', 'http://user:wrong@'));
    const failure = socketRequest({ url: 'http://storage.runway.test:1/x', headers: {}, proxy: wrong, ...timeouts });
    await expect(failure).rejects.toMatchObject({ code: 'ERR_PROXY_REFUSED' });
    const message = String(((await failure.catch((e: unknown) => e)) as Error).message);
    expect(message).toContain('HTTP 407');
    expect(message).not.toContain('wrong');
  });

  it('sends API calls through the proxy from HTTP(S)_PROXY, and loopback ones directly', async () => {
    const p = await proxy();
    const api = await listen(createHttpServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }))));
    const trace: string[] = [];
    const http = new HttpClient({ clock: new ManualClock(), env: { HTTP_PROXY: p.url.replace('http://', 'http://user:secret@') }, onTrace: (line) => trace.push(line) });
    clients.push(http);
    const proxied = await http.json({ method: 'GET', url: `http://api.runway.test:${api}/v1/tasks/t1`, kind: 'idempotent' });
    expect(proxied.data).toEqual({ path: '/v1/tasks/t1' });
    const direct = await http.json({ method: 'GET', url: `http://127.0.0.1:${api}/v1/tasks/t2`, kind: 'idempotent' });
    expect(direct.data).toEqual({ path: '/v1/tasks/t2' });
    expect(p.tunnels).toEqual([`api.runway.test:${api}`]);
    expect(trace.join('\n')).toContain(`via ${p.url}`);
    expect(trace.join('\n')).not.toContain('secret');
  });
});
