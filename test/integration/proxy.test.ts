/**
 * Requests through an http:// proxy (CONNECT tunnels) against a real loopback proxy that sends
 * every *.runway.test name to 127.0.0.1: API calls, downloads and uploads, with and without proxy
 * credentials. TLS through a real proxy is in the end-to-end tests (tinyproxy).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { HttpClient } from '../../src/core/http/client.js';
import { requestBody } from '../../src/core/http/request-body.js';
import { NetworkError } from '../../src/core/errors.js';

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
  req.on('end', () =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, sha: hash.digest('hex') })),
  );
};

async function readAll(body: { pump: (f: (c: Buffer) => void | Promise<void>) => Promise<void> }, slow = false): Promise<Buffer> {
  const parts: Buffer[] = [];
  // A slow consumer makes the tunnelled socket pause and resume many times.
  await body.pump((chunk) => {
    parts.push(Buffer.from(chunk));
    return slow ? new Promise((r) => setTimeout(r, 2)) : undefined;
  });
  return Buffer.concat(parts);
}

function viaProxy(proxyUrl: string, extra: Record<string, string> = {}): HttpClient {
  const http = new HttpClient({ clock: new ManualClock(), env: { HTTP_PROXY: proxyUrl, ...extra } });
  clients.push(http);
  return http;
}

describe('through an http:// proxy (undici EnvHttpProxyAgent)', () => {
  it('downloads over a tunnel with a consumer slower than the network', async () => {
    const p = await proxy();
    const plain = await listen(createHttpServer(serve));
    const res = await viaProxy(p.url).stream({ method: 'GET', url: `http://storage.runway.test:${plain}/a.mp4`, kind: 'idempotent' });
    expect(sha(await readAll(res.body, true))).toBe(sha(payload));
    expect(p.tunnels).toEqual([`storage.runway.test:${plain}`]);
  });

  it('uploads a file over a tunnel, sending proxy credentials from the proxy URL', async () => {
    const p = await proxy('user:pa ss');
    const plain = await listen(createHttpServer(serve));
    const dir = mkdtempSync(join(tmpdir(), 'runway-proxy-'));
    try {
      const path = join(dir, 'clip.mp4');
      writeFileSync(path, payload);
      const res = await viaProxy(p.url.replace('http://', 'http://user:pa%20ss@')).json({
        method: 'PUT',
        url: `http://storage.runway.test:${plain}/up`,
        kind: 'idempotent',
        body: requestBody([{ path, bytes: payload.length }]),
      });
      expect(res.data).toEqual({ method: 'PUT', sha: sha(payload) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a proxy that refuses the tunnel as not sent, without its credentials', async () => {
    const p = await proxy('user:right');
    const failure = viaProxy(p.url.replace('http://', 'http://user:wrong@')).json({
      method: 'POST',
      url: 'http://storage.runway.test:1/x',
      kind: 'create',
      json: {},
      maxRetries: 0,
    });
    const error = (await failure.catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.neverSent).toBe(true);
    expect(error.message).not.toContain('wrong');
  });

  it('honours NO_PROXY as curl does: listed hosts (and their subdomains) go direct', async () => {
    const p = await proxy();
    const api = await listen(
      createHttpServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }))),
    );
    const http = viaProxy(p.url.replace('http://', 'http://user:secret@'), { no_proxy: 'localhost,127.0.0.1' });
    const proxied = await http.json({ method: 'GET', url: `http://api.runway.test:${api}/v1/tasks/t1`, kind: 'idempotent' });
    expect(proxied.data).toEqual({ path: '/v1/tasks/t1' });
    const direct = await http.json({ method: 'GET', url: `http://127.0.0.1:${api}/v1/tasks/t2`, kind: 'idempotent' });
    expect(direct.data).toEqual({ path: '/v1/tasks/t2' });
    expect(p.tunnels).toEqual([`api.runway.test:${api}`]);
  });
});
