/**
 * Which proxy a request goes through, from the usual environment variables: HTTPS_PROXY for
 * https targets, HTTP_PROXY for http ones (lower-case names win, as in curl), NO_PROXY to
 * exempt hosts. Loopback targets are never proxied (as in Go): a proxy cannot reach this
 * machine's loopback, and `--provider sim` must work behind a corporate proxy.
 */
import { isIP } from 'node:net';
import { UsageError } from './errors.js';

export type ProxyEnv = Record<string, string | undefined>;

function variable(env: ProxyEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() || undefined;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** NO_PROXY entries: `*`, a host (also matching its subdomains), `.domain`, `host:port`, an IP. */
function exempt(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((raw) => {
      if (raw === '*') return true;
      const entry = raw.toLowerCase();
      const portMatch = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[(.*)\](:\d+)?$/, '$1$2'));
      const name = (portMatch?.[1] ?? entry).replace(/^\*?\./, '');
      if (portMatch?.[2] && portMatch[2] !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/** The proxy URL for `target`, or undefined to connect directly. Only http:// proxies are supported. */
export function proxyFor(target: URL, env: ProxyEnv): URL | undefined {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (isLoopback(host)) return undefined;
  const name = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  const value = variable(env, name);
  if (!value || exempt(target, variable(env, 'no_proxy'))) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    throw new UsageError(`${name} is not a valid proxy URL.`, { hint: 'Set it to http://host:port (credentials as http://user:password@host:port).' });
  }
  if (proxy.protocol !== 'http:') {
    throw new UsageError(`${name} uses ${proxy.protocol}// (${displayProxy(proxy)}); only http:// proxies are supported.`, {
      hint: 'Point it at the http:// address of the proxy (https targets still go through it encrypted, via CONNECT).',
    });
  }
  return proxy;
}

/** The proxy as it may appear in a trace or a message: never its credentials. */
export function displayProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}
