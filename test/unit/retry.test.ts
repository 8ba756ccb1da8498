import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryableOutcome, planRetry, saysQuotaExhausted, serverDelayMs } from '../../src/core/http/retry.js';

const base = { attempt: 0, maxRetries: 5, remainingMs: Infinity, nowMs: Date.parse('2026-11-21T10:00:00Z'), random: () => 0.5 };

describe('which outcomes are retried', () => {
  it.each([408, 429, 500, 502, 503, 504])('a poll or download retries HTTP %i', (status) => {
    expect(isRetryableOutcome('idempotent', { status })).toBe(true);
  });

  it.each([400, 401, 403, 404, 422])('nothing retries HTTP %i', (status) => {
    expect(isRetryableOutcome('idempotent', { status })).toBe(false);
    expect(isRetryableOutcome('create', { status })).toBe(false);
  });

  it('a create retries only 429 and 503 among statuses', () => {
    expect([408, 429, 500, 502, 503, 504].filter((status) => isRetryableOutcome('create', { status }))).toEqual([429, 503]);
  });

  it('a 429 that says a daily or monthly quota is used up is never retried; a burst limit is', () => {
    expect(saysQuotaExhausted('{"error":"Your daily task limit has been reached."}')).toBe(true);
    expect(saysQuotaExhausted('{"error":"Monthly credit spend limit reached"}')).toBe(true);
    expect(saysQuotaExhausted('{"error":"Too many requests, slow down"}')).toBe(false);
    for (const kind of ['create', 'idempotent'] as const) {
      expect(isRetryableOutcome(kind, { status: 429, quotaExhausted: true })).toBe(false);
      expect(isRetryableOutcome(kind, { status: 429 })).toBe(true);
    }
  });

  it('a create retries a network error only when the request was never sent', () => {
    expect(isRetryableOutcome('create', { networkCode: 'ECONNREFUSED', neverSent: true })).toBe(true);
    expect(isRetryableOutcome('create', { networkCode: 'ECONNRESET', neverSent: false })).toBe(false);
    expect(isRetryableOutcome('create', { networkCode: 'UND_ERR_HEADERS_TIMEOUT', neverSent: false })).toBe(false);
    expect(isRetryableOutcome('idempotent', { networkCode: 'ECONNRESET', neverSent: false })).toBe(true);
  });

  it('certificate errors are never retried', () => {
    expect(isRetryableOutcome('idempotent', { networkCode: 'CERT_HAS_EXPIRED', neverSent: true })).toBe(false);
  });
});

describe('how long to wait', () => {
  it('honours Retry-After in seconds', () => {
    expect(serverDelayMs({ 'retry-after': '2' }, base.nowMs)).toBe(2000);
  });

  it('honours Retry-After as an HTTP date', () => {
    expect(serverDelayMs({ 'retry-after': 'Sat, 21 Nov 2026 10:00:05 GMT' }, base.nowMs)).toBe(5000);
  });

  it('prefers retry-after-ms', () => {
    expect(serverDelayMs({ 'retry-after-ms': '250', 'retry-after': '9' }, base.nowMs)).toBe(250);
  });

  it('ignores garbage', () => {
    expect(serverDelayMs({ 'retry-after': 'soon' }, base.nowMs)).toBeUndefined();
  });

  it('backs off exponentially from 0.5 s to 8 s with jitter in the upper half', () => {
    expect(backoffDelayMs(0, () => 0)).toBe(250);
    expect(backoffDelayMs(0, () => 1)).toBe(500);
    expect(backoffDelayMs(3, () => 1)).toBe(4000);
    expect(backoffDelayMs(10, () => 1)).toBe(8000);
    expect(backoffDelayMs(10, () => 0)).toBe(4000);
  });

  it('uses the server delay over backoff', () => {
    expect(planRetry({ ...base, kind: 'idempotent', outcome: { status: 429, headers: { 'retry-after': '3' } } })).toEqual({
      retry: true,
      delayMs: 3000,
    });
  });

  it('gives up when the delay would pass the deadline', () => {
    const decision = planRetry({
      ...base,
      kind: 'idempotent',
      remainingMs: 1000,
      outcome: { status: 429, headers: { 'retry-after': '3' } },
    });
    expect(decision.retry).toBe(false);
  });

  it('gives up after the last retry', () => {
    expect(planRetry({ ...base, kind: 'idempotent', attempt: 5, outcome: { status: 503 } }).retry).toBe(false);
  });
});
