/** HTTP/1.1 message heads and body framing, as text in and values out (for the socket transport). */
import { ChunkedDecoder } from './chunked.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked'; decoder: ChunkedDecoder } | { kind: 'close' };

/** The request head for a connection used once. */
export function requestHead(method: string, url: URL, headers: Record<string, string>): string {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name + value)) throw new TypeError(`header ${name} contains a line break`);
    lines.push(`${name}: ${value}`);
  }
  lines.push('connection: close');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Status and lower-cased headers (repeats as arrays), or undefined if this is not an HTTP/1 answer. */
export function parseHead(text: string): { status: number; headers: ResponseHeaders } | undefined {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (!status) return undefined;
  const headers: ResponseHeaders = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const seen = headers[name];
    headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return { status: Number(status[1]), headers };
}

/** How the body's end is found: its length, the chunked framing, or the connection closing. */
export function framingOf(status: number, headers: ResponseHeaders): Framing {
  if (status === 204 || status === 304) return { kind: 'length', remaining: 0 };
  const encoding = String(headers['transfer-encoding'] ?? '').toLowerCase();
  if (/(^|,)\s*chunked\s*$/.test(encoding)) return { kind: 'chunked', decoder: new ChunkedDecoder() };
  const length = headers['content-length'];
  if (typeof length === 'string' && /^\d+$/.test(length)) return { kind: 'length', remaining: Number(length) };
  return { kind: 'close' };
}

/**
 * Passes the body bytes in `bytes` to `deliver` (dropping the framing, and anything past the
 * end); returns whether the body is complete. Throws on a broken chunked framing.
 */
export function unframe(framing: Framing, bytes: Buffer, deliver: (chunk: Buffer) => void): boolean {
  if (framing.kind === 'length') {
    const take = Math.min(bytes.length, framing.remaining);
    framing.remaining -= take;
    if (take > 0) deliver(bytes.subarray(0, take));
    return framing.remaining === 0;
  }
  if (framing.kind === 'chunked') {
    framing.decoder.feed(bytes, deliver);
    return framing.decoder.done;
  }
  if (bytes.length > 0) deliver(bytes);
  return false;
}
