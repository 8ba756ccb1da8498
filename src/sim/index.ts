/**
 * The simulator: a real node:http server speaking every protocol on its own base path, a
 * storage server on another origin, and a third origin that only receives redirects (so tests
 * can see whether a key followed one). Part of the product: `runway sim` runs it standalone.
 *
 * Control endpoints on the API origin (no key): GET /__sim/stats, GET /__sim/requests,
 * POST /__sim/reset, POST /__sim/faults {"spec": "..."}.
 */
import { catalogEndpoint } from '../providers/official/run/endpoints.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SimContext, type SimOptions, type RequestRecord } from './context.js';
import { BodyError, bearer, readJson, sendJson } from './http-util.js';
import { chargedFor, handleOfficial, type OfficialFlavor, type RouteResult } from './official.js';
import { handleWebTasks, type WebFlavor } from './web-tasks.js';
import { handleProFeed } from './pro-feed.js';
import { handleStorage } from './storage.js';
import { viewAt } from './tasks.js';
import type { FaultTarget } from './faults.js';

export type { SimOptions, RequestRecord } from './context.js';

type Mount =
  | { prefix: string; kind: 'official'; flavor: OfficialFlavor }
  | { prefix: string; kind: 'web'; flavor: WebFlavor }
  | { prefix: string; kind: 'feed'; flavor: 'digits' | 'wrapper' | 'configured' };

/** Longest prefixes first; matched on whole path segments. */
const mounts: Mount[] = [
  { prefix: '/anyapi/runwayml', kind: 'official', flavor: 'anyapi' },
  { prefix: '/wrapped/runwayml', kind: 'official', flavor: 'wrapped' },
  { prefix: '/runwayml', kind: 'official', flavor: 'openai-hk' },
  { prefix: '/runway/v2', kind: 'web', flavor: 'openai-core' },
  { prefix: '/runway', kind: 'web', flavor: 'openai-hk-legacy' },
  { prefix: '/comet-wrapper', kind: 'feed', flavor: 'wrapper' },
  { prefix: '/comet-digits', kind: 'feed', flavor: 'digits' },
  { prefix: '/comet', kind: 'feed', flavor: 'configured' },
  { prefix: '', kind: 'official', flavor: 'runwayml' },
];

/** Base URL suffix for each provider preset (and a few extra gateway shapes). */
export const presetPaths: Record<string, string> = {
  runwayml: '',
  sim: '',
  'openai-hk': '/runwayml',
  anyapi: '/anyapi/runwayml',
  'openai-hk-legacy': '/runway',
  'openai-core': '/runway/v2',
  cometapi: '/comet',
  'cometapi-wrapper-feed': '/comet-wrapper',
  'cometapi-digits-feed': '/comet-digits',
  'wrapped-official': '/wrapped/runwayml',
};

function operation(mount: Mount, method: string, path: string): { op: string; fault?: Exclude<FaultTarget, 'any'> } {
  if (mount.kind === 'feed') {
    if (path === '/runway/pro/generate') return { op: 'create', fault: 'create' };
    if (path === '/runway/feed') return { op: 'task', fault: 'poll' };
    return { op: 'other' };
  }
  if (
    /^\/(v1\/)?(image|text|video)_to_video$|^\/tasks$|^\/v1\/(video_upscale|video_to_hdr|character_performance|text_to_image)$/.test(
      path,
    ) &&
    method === 'POST'
  )
    return { op: 'create', fault: 'create' };
  // Every other task endpoint of the catalog, and running a workflow, create too.
  if (method === 'POST' && (catalogEndpoint(path.replace(/^\/v1\//, '')) !== undefined || /^\/v1\/workflows\/[^/]+$/.test(path)))
    return { op: 'create', fault: 'create' };
  if (/^\/v1\/workflow_invocations\/[^/]+$/.test(path)) return { op: 'task', fault: 'poll' };
  if (/^\/(v1\/)?tasks\/[^/]+$/.test(path)) return method === 'DELETE' ? { op: 'cancel', fault: 'cancel' } : { op: 'task', fault: 'poll' };
  if (/^\/(v1\/)?uploads$/.test(path)) return { op: 'upload', fault: 'upload' };
  if (/^\/uploads\/[^/]+\/complete$/.test(path)) return { op: 'upload-complete', fault: 'upload' };
  if (path === '/v1/organization') return { op: 'organization' };
  if (path.startsWith('/v1/routers')) return { op: 'routers' };
  return { op: 'other' };
}

function flavorName(mount: Mount): string {
  if (mount.kind !== 'feed') return mount.flavor;
  return mount.flavor === 'configured' ? 'cometapi' : `cometapi-${mount.flavor}`;
}

/** Like some real gateways, the answer echoes the key it was given: the CLI must redact it. */
function unauthorized(res: ServerResponse, mount: Mount, presented: string | undefined): void {
  const shown = presented ? ` (got "${presented}")` : '';
  if (mount.kind === 'feed') sendJson(res, 401, { code: 401, msg: `invalid token${shown}`, data: null });
  else sendJson(res, 401, { error: `Invalid API key${shown}. Check that the key is correct and belongs to this API.` });
}

/** Everything the API has charged: live tasks their estimate, succeeded ones their cost, refunded ones nothing. */
function charged(ctx: SimContext): number {
  const counted = ctx.store.all().filter((task) => task.flavor === 'runwayml' && task.createdAt >= ctx.chargedSince);
  return counted.reduce((sum, task) => sum + chargedFor(ctx, task), 0);
}

async function control(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (path === '/__sim/stats') {
    const now = ctx.now();
    return sendJson(res, 200, {
      counts: ctx.counts,
      total: ctx.total(),
      credits: ctx.credits,
      charged: charged(ctx),
      faults: { pending: ctx.faults.pending, fired: ctx.faults.fired },
      tasks: ctx.store.all().map((t) => {
        const view = viewAt(t, now);
        return {
          id: t.id,
          flavor: t.flavor,
          state: view.state,
          createdAt: t.createdAt,
          completedAt: view.completedAt,
          firstByteAt: t.firstByteAt,
          polls: t.polls,
          runMs: t.runMs,
        };
      }),
    });
  }
  if (path === '/__sim/requests') return sendJson(res, 200, ctx.log);
  if (path === '/__sim/reset' && req.method === 'POST') {
    ctx.reset();
    return sendJson(res, 200, { ok: true });
  }
  if (path === '/__sim/faults' && req.method === 'POST') {
    const body = (await readJson(req)) as { spec?: string } | undefined;
    try {
      ctx.faults.replace(body?.spec ?? '');
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
    return sendJson(res, 200, { pending: ctx.faults.pending });
  }
  sendJson(res, 404, { error: 'unknown control route' });
}

async function routeApi(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  origin: RequestRecord['origin'],
  pathname: string,
): Promise<void> {
  const mount = mounts.find((m) => m.prefix === '' || pathname === m.prefix || pathname.startsWith(`${m.prefix}/`)) as Mount;
  const path = pathname.slice(mount.prefix.length) || '/';
  const method = req.method ?? 'GET';
  const { op, fault: faultTarget } = operation(mount, method, path);
  let body: unknown;
  if (method === 'POST' || method === 'PUT') {
    try {
      body = await readJson(req);
    } catch (error) {
      ctx.record({
        route: `${flavorName(mount)}.${op}`,
        method,
        path: pathname,
        origin,
        authorization: req.headers.authorization !== undefined,
      });
      return sendJson(res, 400, { error: error instanceof BodyError ? error.message : 'bad body' });
    }
  }
  ctx.record({
    route: `${flavorName(mount)}.${op}`,
    method,
    path: pathname,
    origin,
    authorization: req.headers.authorization !== undefined,
    body,
  });
  if (origin === 'api' && !ctx.acceptsKey(bearer(req))) return unauthorized(res, mount, bearer(req));

  const fault = faultTarget ? ctx.faults.take(faultTarget) : undefined;
  if (fault?.action === 'slow') await new Promise((r) => setTimeout(r, ctx.realMs((fault.seconds ?? 5) * 1000)));
  if (fault?.action === 'not-exist' && op === 'task') {
    return mount.kind === 'feed'
      ? sendJson(res, 200, { code: 'task_not_exist', msg: 'task_not_exist' })
      : sendJson(res, 404, { code: 'task_not_exist', message: 'task_not_exist' });
  }
  if (origin === 'api' && ctx.applyFault(fault, res, req)) return;
  if (fault?.action === 'drop-response') {
    // Process the request for real (a create starts a task), then lose the answer.
    res.writeHead = () => {
      req.socket.destroy();
      return res;
    };
    res.end = () => res;
  }

  let result: RouteResult;
  if (mount.kind === 'official') result = await handleOfficial(ctx, mount.flavor, req, res, path, body);
  else if (mount.kind === 'web') result = await handleWebTasks(ctx, mount.flavor, req, res, path, body);
  else
    result = await handleProFeed(
      ctx,
      mount.flavor === 'configured' ? (ctx.options.feedShape ?? 'digits') : mount.flavor,
      req,
      res,
      path,
      body,
    );
  void result;
}

function listen(server: Server, port: number, host: string, scheme = 'http', name = host): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve(`${scheme}://${name}:${address.port}`);
    });
  });
}

function guard(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: `simulator bug: ${(error as Error).message}` });
      else res.destroy();
    });
  };
}

export interface Simulator {
  apiUrl: string;
  storageUrl: string;
  /** Base URL for a preset name (runwayml, openai-hk, anyapi, openai-hk-legacy, openai-core, cometapi…). */
  urlFor(preset: string): string;
  context: SimContext;
  stats(): { counts: Record<string, number>; total: number };
  /** Credits the official API has charged so far (see charged()). */
  charged(): number;
  requests(): RequestRecord[];
  setFaults(spec: string): void;
  close(): Promise<void>;
}

export async function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const ctx = new SimContext(options);
  const host = options.host ?? '127.0.0.1';
  const api = createServer(
    guard(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://sim');
      if (url.pathname.startsWith('/__sim/')) return control(ctx, req, res, url.pathname);
      return routeApi(ctx, req, res, 'api', url.pathname);
    }),
  );
  const serveStorage = guard((req, res) => handleStorage(ctx, req, res, new URL(req.url ?? '/', 'http://sim')));
  const storage: Server = options.storageTls ? createTlsServer(options.storageTls, serveStorage) : createServer(serveStorage);
  const other = createServer(
    guard(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://sim');
      // A redirect target on a third origin: serve the API answer, but only ever without a key check.
      return routeApi(ctx, req, res, 'other', url.pathname.replace(/^\/redirected/, '') || '/');
    }),
  );
  for (const server of [api, storage, other]) {
    server.keepAliveTimeout = 5_000;
    server.requestTimeout = 0;
  }
  try {
    ctx.apiUrl = await listen(api, options.port ?? 0, host);
    ctx.storageUrl = await listen(
      storage,
      options.storagePort ?? 0,
      host,
      options.storageTls ? 'https' : 'http',
      options.storageHost ?? host,
    );
    ctx.otherUrl = await listen(other, 0, host);
  } catch (error) {
    // A port already taken: the servers that did start must not keep the process alive.
    for (const server of [api, storage, other]) if (server.listening) server.close();
    throw error;
  }
  return {
    apiUrl: ctx.apiUrl,
    storageUrl: ctx.storageUrl,
    urlFor: (preset) => `${ctx.apiUrl}${presetPaths[preset] ?? ''}`,
    context: ctx,
    stats: () => ({ counts: { ...ctx.counts }, total: ctx.total() }),
    charged: () => charged(ctx),
    requests: () => [...ctx.log],
    setFaults: (spec) => ctx.faults.replace(spec),
    close: async () => {
      for (const server of [api, storage, other]) server.closeAllConnections();
      await Promise.all([api, storage, other].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
