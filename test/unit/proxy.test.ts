/** Proxy selection from the environment: which variable, NO_PROXY, loopback, bad values. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { displayProxy, proxyFor } from '../../src/core/proxy.js';

const via = (url: string, env: Record<string, string>) => proxyFor(new URL(url), env)?.href;

describe('proxyFor', () => {
  it('takes HTTPS_PROXY for https targets and HTTP_PROXY for http ones, lower case first', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128' };
    expect(via('https://api.dev.runwayml.com/v1/tasks/x', env)).toBe('http://secure:3128/');
    expect(via('http://storage.example.com/a', env)).toBe('http://plain:3128/');
    expect(via('https://api.dev.runwayml.com/', { ...env, https_proxy: 'lower:8080' })).toBe('http://lower:8080/');
    expect(via('https://api.dev.runwayml.com/', {})).toBeUndefined();
  });

  it('never proxies loopback targets', () => {
    const env = { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1' };
    for (const url of ['http://127.0.0.1:4000/v1', 'http://localhost:4000/', 'https://[::1]:443/', 'http://127.8.9.1/']) expect(via(url, env)).toBeUndefined();
  });

  it('honours NO_PROXY: *, hosts with their subdomains, leading dots, ports, IPs', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy });
    expect(via('https://api.openai-hk.com/x', env('*'))).toBeUndefined();
    expect(via('https://api.openai-hk.com/x', env('openai-hk.com'))).toBeUndefined();
    expect(via('https://api.openai-hk.com/x', env('.openai-hk.com'))).toBeUndefined();
    expect(via('https://api.openai-hk.com/x', env('*.openai-hk.com'))).toBeUndefined();
    expect(via('https://api.openai-hk.com/x', env('hk.com.cn, example.org'))).toBe('http://p:1/');
    expect(via('https://notopenai-hk.com/x', env('openai-hk.com'))).toBe('http://p:1/');
    expect(via('https://api.openai-hk.com/x', env('api.openai-hk.com:443'))).toBeUndefined();
    expect(via('https://api.openai-hk.com:8443/x', env('api.openai-hk.com:443'))).toBe('http://p:1/');
    expect(via('https://10.1.2.3/x', env('10.1.2.3'))).toBeUndefined();
  });

  it('refuses a malformed or non-http proxy, without repeating its credentials', () => {
    expect(() => via('https://a.example/', { HTTPS_PROXY: 'http://[bad' })).toThrow(UsageError);
    let error: unknown;
    try {
      via('https://a.example/', { HTTPS_PROXY: 'socks5://user:secret@p:1080' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(String((error as Error).message)).toContain('only http:// proxies');
    expect(String((error as Error).message)).not.toContain('secret');
    expect(displayProxy(new URL('http://user:secret@p:3128'))).toBe('http://p:3128');
  });
});
