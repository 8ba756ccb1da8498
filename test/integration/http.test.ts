/** The HTTP client against real loopback servers; retry waits run on a manual clock. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/core/http/client.js';
import { ManualClock } from '../../src/core/clock.js';
import { ApiError, AuthError, NetworkError } from '../../src/core/errors.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];
const clients: HttpClient[] = [];

async function serve(handler: Handler): Promise<{ url: string; hits: IncomingMessage[] }> {
  const hits: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    hits.push(req);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function client(clock = new ManualClock(), maxJsonBytes?: number): { http: HttpClient; clock: ManualClock } {
  const http = new HttpClient({ clock, ...(maxJsonBytes ? { maxJsonBytes } : {}) });
  clients.push(http);
  return { http, clock };
}

/** Runs a request while advancing the manual clock until it settles. */
async function settle<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => (done = true));
  tracked.catch(() => undefined);
  for (let i = 0; i < 200 && !done; i++) {
    await new Promise((r) => setTimeout(r, 2));
    await clock.advance(250);
  }
  return tracked;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('HttpClient', () => {
  it('caps JSON answers', async () => {
    const { url } = await serve((_req, res) => json(res, 200, { blob: 'x'.repeat(10_000) }));
    const { http } = client(new ManualClock(), 1024);
    await expect(http.json({ method: 'GET', url, kind: 'idempotent' })).rejects.toThrow(/larger than 1024 bytes/);
  });

  it('turns an HTML error page into a clear API error', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><head><title>404 Not Found</title></head></html>');
    });
    const { http } = client();
    const error = await http.json({ method: 'GET', url, kind: 'idempotent' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(/The gateway answered HTML, status 404, to GET .*"404 Not Found"/);
  });

  it('maps 401 to an auth error', async () => {
    const { url } = await serve((_req, res) => json(res, 401, { error: 'bad key' }));
    const { http } = client();
    await expect(http.json({ method: 'GET', url, kind: 'idempotent' })).rejects.toBeInstanceOf(AuthError);
  });

  it('waits Retry-After on the injected clock, not in real time', async () => {
    let calls = 0;
    const { url } = await serve((_req, res) =>
      ++calls === 1 ? json(res, 429, { error: 'slow down' }, { 'retry-after': '30' }) : json(res, 200, { ok: true }),
    );
    const { http, clock } = client();
    const started = Date.now();
    const answer = await settle(clock, http.json({ method: 'GET', url, kind: 'idempotent' }));
    expect(answer.data).toEqual({ ok: true });
    expect(clock.now()).toBeGreaterThanOrEqual(30_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('never retries a create that got a 500, but retries one that got 503', async () => {
    let calls = 0;
    const failing = await serve((_req, res) => {
      calls++;
      json(res, 500, { error: 'boom' });
    });
    const { http, clock } = client();
    await expect(settle(clock, http.json({ method: 'POST', url: failing.url, kind: 'create', json: {} }))).rejects.toThrow(/HTTP 500/);
    expect(calls).toBe(1);

    let second = 0;
    const busy = await serve((_req, res) => (++second < 3 ? json(res, 503, { error: 'busy' }) : json(res, 200, { id: 't' })));
    const answer = await settle(clock, http.json({ method: 'POST', url: busy.url, kind: 'create', json: {} }));
    expect(answer.data).toEqual({ id: 't' });
    expect(second).toBe(3);
  });

  it('resends a create when the connection was refused (it never reached the server)', async () => {
    const { url } = await serve(() => undefined);
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const { http, clock } = client();
    const error = await settle(clock, http.json({ method: 'POST', url, kind: 'create', json: {}, maxRetries: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).neverSent).toBe(true);
    expect((error as Error).message).toMatch(/connection refused/);
    expect((error as NetworkError).hint).toMatch(/^Nothing was sent, so no task was started/);
  });

  it('never sends a create on to a redirect target: one request, refused, naming the Location', async () => {
    const elsewhere = await serve((_req, res) => json(res, 200, { id: 'stolen' }));
    const api = await serve((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/v1/image_to_video` }).end());
    const { http } = client();
    const error = await http
      .json({ method: 'POST', url: `${api.url}/v1/image_to_video`, kind: 'create', json: { promptText: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).refused).toBe(true);
    expect((error as Error).message).toContain(`${elsewhere.url}/v1/image_to_video`);
    expect(api.hits).toHaveLength(1);
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('a header undici cannot send is "not sent", and not retried', async () => {
    const api = await serve((_req, res) => json(res, 200, { id: 't' }));
    const { http } = client();
    const auth = { origin: new URL(api.url).origin, headers: { authorization: 'Bearer key\u200bbad' } };
    const error = await http.json({ method: 'POST', url: api.url, kind: 'create', json: {}, auth }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).neverSent).toBe(true);
    expect(api.hits).toHaveLength(0);
  });

  it('sends credentials to the API origin only, and follows an authenticated call within its origin only', async () => {
    const elsewhere = await serve((_req, res) => json(res, 200, { from: 'elsewhere' }));
    const api = await serve((req, res) => {
      if (req.url === '/same') {
        res.writeHead(302, { location: '/final' });
        res.end();
      } else if (req.url === '/away') {
        res.writeHead(307, { location: `${elsewhere.url}/x` });
        res.end();
      } else json(res, 200, { from: 'api' });
    });
    const { http } = client();
    const auth = { origin: new URL(api.url).origin, headers: { authorization: 'Bearer key_secret_value_123' } };
    expect((await http.json({ method: 'GET', url: `${api.url}/same`, kind: 'idempotent', auth })).data).toEqual({ from: 'api' });
    expect(api.hits.map((h) => h.headers.authorization)).toEqual(['Bearer key_secret_value_123', 'Bearer key_secret_value_123']);
    await expect(http.json({ method: 'GET', url: `${api.url}/away`, kind: 'idempotent', auth })).rejects.toThrow(
      /redirected to another host/,
    );
    expect(elsewhere.hits).toHaveLength(0);
    // Without credentials (a storage download) a redirect to another host is followed.
    expect((await http.json({ method: 'GET', url: `${api.url}/away`, kind: 'idempotent' })).data).toEqual({ from: 'elsewhere' });
    expect(elsewhere.hits[0]?.headers.authorization).toBeUndefined();
  });
});
