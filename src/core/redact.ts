/**
 * Keys never leave the process in text form. Every key the CLI resolves is registered here,
 * and every line we print, journal or trace passes through `redact`.
 */

const secrets = new Set<string>();

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) secrets.add(secret);
}

/** `key_…a1b2`: the key's prefix (up to `_` or `-`) and its last four characters. */
export function maskKey(key: string): string {
  const prefix = /^[A-Za-z]{1,8}[_-]/.exec(key)?.[0] ?? '';
  const tail = key.length >= 12 ? key.slice(-4) : '';
  return `${prefix}…${tail}`;
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(maskKey(secret));
  }
  return out.replace(/(Bearer\s+)([^\s"',]{8,})/gi, (whole, bearer: string, token: string) =>
    token.includes('…') ? whole : bearer + maskKey(token),
  );
}

const sensitiveHeader = /^(authorization|x-api-key|api-key|cookie|set-cookie|proxy-authorization)$/i;

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = sensitiveHeader.test(name) ? text.replace(/^(Bearer\s+)?(.*)$/i, (_m, b = '', v: string) => b + maskKey(v)) : redact(text);
  }
  return out;
}

/** Deep-redacts any value before it is serialised (JSON output, journal records). */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v);
    return out as T;
  }
  return value;
}
