/** Turning failed HTTP exchanges into messages a user can act on. */
import { ApiError, AuthError, NetworkError, type RunwayError } from '../errors.js';
import { redact } from '../redact.js';
import { saysQuotaExhausted, type RequestKind } from './retry.js';

/** `https://host/path` without the query string: presigned tokens are noise in a message. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return redact(`${u.origin}${u.pathname}`);
  } catch {
    return redact(url);
  }
}

/** The server's own words, from the shapes the providers use: error, message, msg, detail… */
export function serverMessage(text: string): string | undefined {
  const xml = /<Code>([^<]*)<\/Code>\s*<Message>([^<]*)<\/Message>/.exec(text);
  if (xml) return `${xml[2]} (${xml[1]})`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      return pick(o.message) ?? pick(o.error) ?? pick(o.msg) ?? pick(o.detail) ?? pick(o.fail_reason);
    }
    return undefined;
  };
  const message = pick(data);
  if (!message) return undefined;
  const issues = (data as { issues?: unknown })?.issues;
  if (Array.isArray(issues) && issues.length > 0) {
    const details = issues
      .slice(0, 5)
      .map((issue) => {
        const i = issue as { path?: unknown[]; message?: string };
        return `${Array.isArray(i.path) ? i.path.join('.') : '?'}: ${i.message ?? ''}`;
      })
      // Some servers already quote the first issue in the message.
      .filter((detail) => !message.includes(detail))
      .join('; ');
    if (details) return `${message} (${details})`;
  }
  return message;
}

function looksLikeHtml(text: string, type: string): boolean {
  return /text\/html/i.test(type) || /^\s*<(!doctype|html|head|body)/i.test(text);
}

export function errorFromResponse(
  method: string,
  url: string,
  status: number,
  text: string,
  contentType: string,
  invalidJson = false,
): RunwayError {
  const where = `${method} ${displayUrl(url)}`;
  const info = { status, method, url: displayUrl(url), body: redact(text.slice(0, 2000)) };
  if (looksLikeHtml(text, contentType)) {
    const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
    return new ApiError(`The gateway answered HTML, status ${status}, to ${where}${title ? ` ("${title}")` : ''}`, {
      ...info,
      hint: 'The base URL may be wrong, or the gateway is down. Check --base-url / `runway providers`.',
    });
  }
  if (invalidJson) {
    return new ApiError(`${where} answered status ${status} with a body that is not JSON: ${redact(text.slice(0, 200))}`, info);
  }
  const said = redact(serverMessage(text) ?? (text.trim().slice(0, 300) || 'no details'));
  if (status === 401 || status === 403) {
    return new AuthError(`The provider rejected the API key (HTTP ${status} from ${where}): ${said}`, {
      hint: 'Check the key with `runway auth status`, or store a new one with `runway auth set <provider>`.',
    });
  }
  if (status === 429 && saysQuotaExhausted(text)) {
    return new ApiError(`The provider's quota is used up (HTTP 429 from ${where}): ${said}`, {
      ...info,
      hint:
        'Nothing more will be accepted until it resets (a daily limit: the next day). Not retried. Re-run later: a ' +
        'batch skips the jobs it finished.',
    });
  }
  if (status === 429) {
    return new ApiError(`Rate limited by the provider (HTTP 429 from ${where}): ${said}`, {
      ...info,
      hint: 'Wait a while, or lower --concurrency.',
    });
  }
  if (/not (have )?enough credits|insufficient (credits|balance|funds)/i.test(said)) {
    return new ApiError(`${where} failed with HTTP ${status}: ${said}`, {
      ...info,
      hint:
        'Top up the account with the provider (`runway credits` shows the balance where the API has one); nothing was ' +
        'started. A batch re-run later continues where this one stopped.',
    });
  }
  return new ApiError(`${where} failed with HTTP ${status}: ${said}`, info);
}

export function networkCodeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown }; errors?: { code?: unknown }[] } | undefined;
  const code = e?.code ?? e?.cause?.code ?? e?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

export function describeNetworkError(method: string, url: string, code: string | undefined, error: unknown): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* keep the raw text */
  }
  const where = `${method} ${displayUrl(url)}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `Could not connect to ${host}: connection refused (${where})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not resolve the host name ${host} (${where})`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Timed out connecting to ${host} (${where})`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `No answer from ${host} in time (${where})`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `The answer from ${host} stalled: no data arrived in time (${where})`;
    case 'UND_ERR_INVALID_ARG':
      return `The request to ${host} could not be made: ${redact(error instanceof Error ? error.message : String(error))} (${where})`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return `The connection to ${host} was dropped before the answer was complete (${where})`;
    default: {
      const text = error instanceof Error ? error.message : String(error);
      return `Network error talking to ${host} (${where}): ${redact(text)}${code ? ` [${code}]` : ''}`;
    }
  }
}

/**
 * A failure below HTTP (no answer, or half of one) as a NetworkError that says what to check.
 * `neverSent` is a fact from the transport: no byte of the request was written.
 */
export function networkErrorOf(method: string, url: string, kind: RequestKind, error: unknown, neverSent: boolean): NetworkError {
  const code = networkCodeOf(error);
  return new NetworkError(describeNetworkError(method, url, code, error), {
    method,
    url,
    code,
    neverSent,
    cause: error,
    // A create that never left this machine started nothing; other kinds say what they failed at.
    ...(neverSent
      ? {
          hint:
            `Nothing was sent${kind === 'create' ? ', so no task was started' : ''}. Check the network, HTTPS_PROXY / ` +
            `NO_PROXY if you use a proxy, and the base URL (\`runway providers\`, --base-url: https:// or http://).`,
        }
      : {}),
  });
}
