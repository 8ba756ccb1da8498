/**
 * The retry policy, as pure functions of what happened (status, headers, error code) and when.
 * No I/O here: the HTTP client asks `planRetry` after every failed attempt.
 */

/**
 * `create` starts a paid task, so it is resent only when the request certainly never reached
 * the server, or when the server said it did not accept it (429, 503).
 * Everything else (polls, downloads, uploads, cancels) is safe to repeat.
 */
export type RequestKind = 'create' | 'idempotent';

export interface AttemptOutcome {
  status?: number | undefined;
  headers?: Record<string, string | string[] | undefined> | undefined;
  /** Set when there was no response: the error code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, ...). */
  networkCode?: string | undefined;
  /** True when the request bytes certainly never left this machine. */
  neverSent?: boolean | undefined;
  /** The 429 says a daily or monthly quota is used up: retrying within minutes cannot help. */
  quotaExhausted?: boolean | undefined;
}

export interface RetryInput {
  kind: RequestKind;
  outcome: AttemptOutcome;
  /** 0 for the first retry. */
  attempt: number;
  maxRetries: number;
  /** Milliseconds left before the caller's deadline (Infinity when none). */
  remainingMs: number;
  /** Wall-clock "now" in ms, for Retry-After dates. */
  nowMs: number;
  random?: () => number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

const retryableStatus = new Set([408, 429, 500, 502, 503, 504]);
const createRetryableStatus = new Set([429, 503]);

export const backoffBaseMs = 500;
export const backoffCapMs = 8_000;

/** Whether a 429 body speaks of a used-up quota ("Your daily task limit has been reached.") rather than a burst. */
export function saysQuotaExhausted(body: string): boolean {
  return /\b(daily|monthly)\b|\bquota\b/i.test(body);
}

export function isRetryableOutcome(kind: RequestKind, outcome: AttemptOutcome): boolean {
  if (outcome.quotaExhausted) return false;
  if (outcome.status === undefined) {
    if (isPermanentNetworkCode(outcome.networkCode)) return false;
    return kind === 'create' ? outcome.neverSent === true : true;
  }
  return kind === 'create' ? createRetryableStatus.has(outcome.status) : retryableStatus.has(outcome.status);
}

function header(headers: AttemptOutcome['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Server-requested delay from `retry-after-ms` or `Retry-After` (seconds or HTTP date). */
export function serverDelayMs(headers: AttemptOutcome['headers'], nowMs: number): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = header(headers, 'retry-after');
  if (after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff 0.5 s → 8 s with "equal jitter": half fixed, half random. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

export function planRetry(input: RetryInput): RetryDecision {
  const { kind, outcome, attempt } = input;
  if (!isRetryableOutcome(kind, outcome)) {
    return { retry: false, reason: 'not retryable' };
  }
  if (attempt >= input.maxRetries) return { retry: false, reason: 'no retries left' };
  const requested = serverDelayMs(outcome.headers, input.nowMs);
  const delayMs = requested ?? backoffDelayMs(attempt, input.random);
  if (delayMs > input.remainingMs) return { retry: false, reason: 'deadline would pass before the retry' };
  return { retry: true, delayMs };
}

/**
 * Failures that cannot get better by trying again: the certificate or the TLS handshake is
 * wrong, or undici refused the request's own arguments (a header it cannot send).
 */
export function isPermanentNetworkCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  return (
    code === 'UND_ERR_INVALID_ARG' ||
    code === 'EPROTO' ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)
  );
}
