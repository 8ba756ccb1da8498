/**
 * The undici dispatcher every request goes through: one connection pool, the proxies named by
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY (undici's own EnvHttpProxyAgent, lower case first, as
 * curl), and a record of whether a request got as far as being written to a socket. That
 * record is what tells "certainly not sent" (DNS, refused, TLS handshake, proxy tunnel, a header
 * undici refuses) from "may have reached the server", which decides whether a create may be
 * sent again.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { UsageError } from '../errors.js';

export interface DispatcherTimeouts {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** Passed as a request's `opaque`; `written` turns true once undici starts writing it. */
export interface WriteProbe {
  written: boolean;
}

const recordWrites: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const probe = (opts as { opaque?: unknown }).opaque as WriteProbe | undefined;
  if (!probe || typeof probe !== 'object' || !('written' in probe)) return dispatch(opts, handler);
  // Composed interceptors receive handlers in undici's controller form; pass every call on.
  const recording: Dispatcher.DispatchHandler = {
    onRequestStart: (controller, context) => {
      probe.written = true;
      handler.onRequestStart?.(controller, context);
    },
    onRequestUpgrade: (controller, status, headers, socket) => handler.onRequestUpgrade?.(controller, status, headers, socket),
    onResponseStart: (controller, status, headers, message) => handler.onResponseStart?.(controller, status, headers, message),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
  };
  return dispatch(opts, recording);
};

/** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY are read; process.env unless given. */
export type ProxyEnv = Record<string, string | undefined>;

function proxySettings(env: ProxyEnv): { httpProxy: string; httpsProxy: string; noProxy: string } {
  // An empty string (not undefined) tells undici "no proxy" instead of "read process.env".
  const read = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '';
  return { httpProxy: read('http_proxy'), httpsProxy: read('https_proxy'), noProxy: read('no_proxy') };
}

export function createDispatcher(timeouts: DispatcherTimeouts, options: { direct?: boolean; env?: ProxyEnv } = {}): Dispatcher {
  const agentOptions = {
    connect: { timeout: timeouts.connectTimeoutMs },
    headersTimeout: timeouts.headersTimeoutMs,
    bodyTimeout: timeouts.bodyTimeoutMs,
    keepAliveTimeout: 4_000,
    connections: 64,
  };
  let base: Dispatcher;
  if (options.direct) {
    base = new Agent(agentOptions);
  } else {
    try {
      base = new EnvHttpProxyAgent({ ...agentOptions, ...(options.env ? proxySettings(options.env) : {}) });
    } catch (error) {
      throw new UsageError(`The proxy in HTTPS_PROXY / HTTP_PROXY is not a valid URL (${(error as Error).message}).`, {
        hint: 'Set it to http://host:port (credentials as http://user:password@host:port), or unset it.',
      });
    }
  }
  return base.compose(recordWrites);
}
