/**
 * The pieces of undici the API client uses, loaded without undici's index. The index requires
 * all of undici (fetch, WebSocket, cookies, caches, mocks, interceptors; the cookies module even
 * wakes Node's own bundled copy through `globalThis.Headers`): ~60 ms of start-up on every
 * command that talks to a provider, against ~20 ms for these. The paths are undici 7's layout;
 * the lock file pins the version and every HTTP test goes through here.
 */
import { createRequire } from 'node:module';
import type { Agent as AgentClass, Dispatcher, ProxyAgent as ProxyAgentClass } from 'undici';

const require = createRequire(import.meta.url);

// As the index does: request/stream/pipeline/upgrade/connect live on Dispatcher.prototype
// (ProxyAgent opens its tunnels with `connect`).
const DispatcherBase = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
Object.assign(DispatcherBase.prototype, require('undici/lib/api/index.js'));

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof AgentClass;
export type Agent = AgentClass;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js') as typeof ProxyAgentClass;
export type ProxyAgent = ProxyAgentClass;
export type { Dispatcher };

/** `undici.request(url, …)` on a given dispatcher. */
export function request(dispatcher: Dispatcher, url: string, options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'>): Promise<Dispatcher.ResponseData> {
  const target = new URL(url);
  return dispatcher.request({ ...options, origin: target.origin, path: `${target.pathname}${target.search}` });
}
