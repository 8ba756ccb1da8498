/**
 * All network traffic goes through this client, on undici's public API. It owns: per-request
 * timeouts, the retry policy, origin-bound credentials (the key is attached only when the URL's
 * origin is the provider API's origin), the redirect policy (a create is never re-sent to
 * another address; an authenticated call follows same-origin redirects only), capped JSON
 * reading, and the redacted --debug trace.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Dispatcher } from 'undici';
import { ApiError, NetworkError, RunwayError } from '../errors.js';
import { planRetry, saysQuotaExhausted, type RequestKind } from './retry.js';
import type { Clock } from '../clock.js';
import { redact, redactHeaders } from '../redact.js';
import { displayUrl, errorFromResponse, networkCodeOf, networkErrorOf } from './http-errors.js';
import { readableBody, type Body } from './body.js';
import type { RequestBody } from './request-body.js';
import type { DispatcherTimeouts, ProxyEnv, WriteProbe } from './dispatcher.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;
export type Headers = ResponseHeaders;

export interface Credentials {
  /** `scheme://host:port` of the provider API. Nothing else ever receives `headers`. */
  origin: string;
  headers: Record<string, string>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  url: string;
  kind: RequestKind;
  headers?: Record<string, string>;
  json?: unknown;
  /** Sent again in full by a retry or a 307/308 redirect. */
  body?: RequestBody;
  auth?: Credentials | undefined;
  signal?: AbortSignal | undefined;
  /** Clock time after which no retry is started. */
  deadline?: number | undefined;
  maxRetries?: number;
  /** Statuses the caller wants returned instead of thrown (e.g. a gateway's 404 "task_not_exist"). */
  acceptStatus?: (status: number) => boolean;
  /** Human label for messages, e.g. "create task". */
  purpose?: string;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  data: unknown;
  url: string;
}

export interface StreamResponse {
  status: number;
  headers: Headers;
  body: Body;
  url: string;
}

export interface HttpEvents {
  onTrace?: (line: string) => void;
  onRetry?: (info: { purpose: string; attempt: number; delayMs: number; reason: string }) => void;
}

export interface HttpOptions extends HttpEvents {
  clock: Clock;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Longest silence between body chunks: a stalled download is aborted after this. */
  bodyTimeoutMs?: number;
  maxJsonBytes?: number;
  /** Connect straight to every host, whatever HTTPS_PROXY says (the in-process simulator). */
  direct?: boolean;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (process.env unless given). */
  env?: ProxyEnv;
}

const maxRedirects = 5;

export class HttpClient {
  /** undici is loaded with the first request: a command that stops before one never pays for it. */
  private dispatcher: Promise<Dispatcher> | undefined;
  private readonly dispatcherOptions: { timeouts: DispatcherTimeouts; direct: boolean; env?: ProxyEnv };
  private readonly clock: Clock;
  private readonly events: HttpEvents;
  private readonly maxJsonBytes: number;
  private requestSeq = 0;

  constructor(options: HttpOptions) {
    this.clock = options.clock;
    this.events = { onTrace: options.onTrace, onRetry: options.onRetry };
    this.maxJsonBytes = options.maxJsonBytes ?? 4 * 1024 * 1024;
    const timeouts = {
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      headersTimeoutMs: options.headersTimeoutMs ?? 60_000,
      bodyTimeoutMs: options.bodyTimeoutMs ?? 30_000,
    };
    this.dispatcherOptions = { timeouts, direct: options.direct ?? false, ...(options.env ? { env: options.env } : {}) };
  }

  private connect(): Promise<Dispatcher> {
    const { timeouts, ...settings } = this.dispatcherOptions;
    this.dispatcher ??= import('./dispatcher.js').then(({ createDispatcher }) => createDispatcher(timeouts, settings));
    return this.dispatcher;
  }

  async close(): Promise<void> {
    if (this.dispatcher) await (await this.dispatcher).close();
  }

  /** Sends a request and parses its JSON answer, retrying as the policy allows. */
  async json(req: HttpRequest): Promise<JsonResponse> {
    return this.withRetries(req, async (res) => {
      const text = await readCapped(res.body, this.maxJsonBytes, req, res.url);
      if (res.status >= 400 && !req.acceptStatus?.(res.status)) {
        throw errorFromResponse(req.method, res.url, res.status, text, contentType(res.headers));
      }
      return { status: res.status, headers: res.headers, data: parseJson(req, res, text), url: res.url };
    });
  }

  /** A GET whose answer body the caller streams (downloads). Retries like `json`. */
  async stream(req: HttpRequest & { method: 'GET' }): Promise<StreamResponse> {
    return this.withRetries(req, async (res) => {
      if (res.status >= 400 && !req.acceptStatus?.(res.status)) {
        const text = await readCapped(res.body, 64 * 1024, req, res.url).catch(() => '');
        throw errorFromResponse(req.method, res.url, res.status, text, contentType(res.headers));
      }
      return res;
    });
  }

  private async withRetries<T>(req: HttpRequest, handle: (res: StreamResponse) => Promise<T>): Promise<T> {
    const purpose = req.purpose ?? `${req.method} ${new URL(req.url).pathname}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.send(req);
        if (res.status < 400 || req.acceptStatus?.(res.status)) return await handle(res);
        // A 429's body tells a burst (wait and retry) from a used-up daily quota (stop now).
        const text = res.status === 429 ? await readCapped(res.body, 64 * 1024, req, res.url).catch(() => '') : undefined;
        const decision = this.decide(
          req,
          { status: res.status, headers: res.headers, quotaExhausted: text !== undefined && saysQuotaExhausted(text) },
          attempt,
        );
        if (!decision.retry) {
          if (text !== undefined) throw errorFromResponse(req.method, res.url, res.status, text, contentType(res.headers));
          return await handle(res);
        }
        if (text === undefined) res.body.discard();
        this.events.onRetry?.({ purpose, attempt: attempt + 1, delayMs: decision.delayMs, reason: `HTTP ${res.status}` });
        await this.clock.sleep(decision.delayMs, req.signal);
      } catch (error) {
        // An interrupted create keeps its own error: a timeout then still means "may exist".
        if (req.signal?.aborted && req.kind !== 'create') throw req.signal.reason;
        if (error instanceof RunwayError && !(error instanceof NetworkError)) throw error;
        const netError = error instanceof NetworkError ? error : networkErrorOf(req.method, req.url, req.kind, error, false);
        const decision = this.decide(req, { networkCode: netError.code, neverSent: netError.neverSent }, attempt);
        if (!decision.retry) throw netError;
        this.events.onRetry?.({ purpose, attempt: attempt + 1, delayMs: decision.delayMs, reason: netError.code ?? 'network error' });
        await this.clock.sleep(decision.delayMs, req.signal);
      }
    }
  }

  private decide(req: HttpRequest, outcome: Parameters<typeof planRetry>[0]['outcome'], attempt: number) {
    const now = this.clock.now();
    return planRetry({
      kind: req.kind,
      outcome,
      attempt,
      maxRetries: req.maxRetries ?? (req.kind === 'create' ? 3 : 6),
      remainingMs: req.deadline === undefined ? Infinity : req.deadline - now,
      nowMs: Date.now(),
    });
  }

  /** One attempt, following redirects by hand: credentials and creates never cross origins. */
  private async send(req: HttpRequest): Promise<StreamResponse> {
    let url = req.url;
    let method = req.method;
    for (let hop = 0; ; hop++) {
      const res = await this.sendOnce(req, method, url, hop === 0 || method !== 'GET');
      const location = res.headers.location;
      if (![301, 302, 303, 307, 308].includes(res.status) || typeof location !== 'string') return res;
      res.body.discard();
      const next = new URL(location, url);
      const info = { status: res.status, method: req.method, url: displayUrl(url), refused: true };
      if (req.kind === 'create') {
        throw new ApiError(
          `${req.method} ${displayUrl(url)} answered ${res.status}, redirecting to ${displayUrl(next.href)}; a create is ` +
            `never sent on to another address, so nothing was started.`,
          {
            ...info,
            hint:
              'Check the base URL (`runway providers`, --base-url): it may need https://, a path prefix, or the ' +
              'address the redirect names.',
          },
        );
      }
      if (req.auth && next.origin !== new URL(url).origin) {
        throw new ApiError(
          `${req.method} ${displayUrl(url)} redirected to another host (${displayUrl(next.href)}); an authenticated call ` +
            `is not followed there.`,
          {
            ...info,
            hint: 'Check the base URL (`runway providers`, --base-url).',
          },
        );
      }
      if (hop >= maxRedirects) throw new ApiError(`Too many redirects for ${req.method} ${redact(req.url)}`, info);
      const keepsBody = res.status === 307 || res.status === 308;
      if (method !== 'GET' && method !== 'HEAD' && !keepsBody) method = 'GET';
      url = next.toString();
    }
  }

  private async sendOnce(req: HttpRequest, method: string, url: string, withBody: boolean): Promise<StreamResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (req.auth && new URL(url).origin === req.auth.origin) Object.assign(headers, req.auth.headers);
    let body: string | Readable | undefined;
    if (withBody && req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (withBody && req.body) {
      headers['content-length'] = String(req.body.length);
      body = Readable.from(req.body.chunks(), { objectMode: false, highWaterMark: 1 << 20 });
    }
    const id = ++this.requestSeq;
    const started = performance.now();
    this.trace(() => `#${id} → ${method} ${url} ${JSON.stringify(redactHeaders(headers))}`);
    // A create in flight is let finish (within its timeouts): aborting it would lose the id of
    // a task it may already have started. The signal still cuts the waits between attempts.
    const signal = req.kind === 'create' ? undefined : req.signal;
    const probe: WriteProbe = { written: false };
    const target = new URL(url);
    const dispatcher = await this.connect();
    try {
      const answer = await dispatcher.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: method,
        headers,
        body,
        signal,
        opaque: probe,
      });
      const res = { status: answer.statusCode, headers: answer.headers, body: readableBody(answer.body) };
      this.trace(
        () =>
          `#${id} ← ${res.status} ${method} ${url} (${Math.round(performance.now() - started)} ms) ` +
          `${JSON.stringify(redactHeaders(res.headers))}`,
      );
      return { ...res, url };
    } catch (error) {
      this.trace(
        () =>
          `#${id} ✗ ${method} ${url} (${Math.round(performance.now() - started)} ms) ` +
          `${probe.written ? '' : 'not sent: '}${networkCodeOf(error) ?? String(error)}`,
      );
      if (error instanceof RunwayError || (signal?.aborted && error === signal.reason)) throw error;
      throw networkErrorOf(method, url, req.kind, error, !probe.written);
    }
  }

  /** A line in the --debug trace (built only when tracing is on). */
  trace(line: () => string): void {
    if (this.events.onTrace) this.events.onTrace(redact(line()));
  }
}

function contentType(headers: Headers): string {
  const value = headers['content-type'];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

async function readCapped(body: Body, cap: number, req: HttpRequest, url: string): Promise<string> {
  // Decoded as it arrives: no copy of each chunk kept for a concat.
  const decoder = new StringDecoder('utf8');
  let text = '';
  let size = 0;
  await body.pump((chunk) => {
    size += chunk.length;
    if (size > cap) {
      throw new ApiError(`The answer to ${req.method} ${redact(url)} is larger than ${cap} bytes; refusing to read it`, {
        status: 0,
        method: req.method,
        url,
      });
    }
    text += decoder.write(chunk);
  });
  return text + decoder.end();
}

function parseJson(req: HttpRequest, res: StreamResponse, text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw errorFromResponse(req.method, res.url, res.status, text, contentType(res.headers), true);
  }
}
