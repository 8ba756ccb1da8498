/** Chunked decoding and response heads, fed in every possible split. */
import { describe, expect, it } from 'vitest';
import { ChunkedDecoder } from '../../src/core/chunked.js';
import { framingOf, parseHead, unframe } from '../../src/core/http1.js';

const encoded = Buffer.from('5;ext=1\r\nhello\r\n1A\r\n' + 'abcdefghijklmnopqrstuvwxyz' + '\r\n0\r\nx-trailer: 1\r\n\r\n', 'latin1');

function decode(pieces: Buffer[]): { data: string; done: boolean } {
  const decoder = new ChunkedDecoder();
  let data = '';
  for (const piece of pieces) decoder.feed(piece, (d) => (data += d.toString('latin1')));
  return { data, done: decoder.done };
}

describe('ChunkedDecoder', () => {
  it('decodes the same data whatever the split (every one- and two-cut split)', () => {
    for (let a = 0; a <= encoded.length; a++) {
      expect(decode([encoded.subarray(0, a), encoded.subarray(a)])).toEqual({ data: 'hello' + 'abcdefghijklmnopqrstuvwxyz', done: true });
      for (let b = a; b <= encoded.length; b += 7) {
        expect(decode([encoded.subarray(0, a), encoded.subarray(a, b), encoded.subarray(b)]).data).toBe('helloabcdefghijklmnopqrstuvwxyz');
      }
    }
  });

  it('decodes byte by byte and is not done before the last empty line', () => {
    const pieces = [...encoded].map((byte) => Buffer.from([byte]));
    expect(decode(pieces).done).toBe(true);
    expect(decode(pieces.slice(0, -1)).done).toBe(false);
  });

  it('rejects broken framing', () => {
    expect(() => decode([Buffer.from('zz\r\n')])).toThrow(/bad chunk size/);
    expect(() => decode([Buffer.from('3\r\nabcdef\r\n')])).toThrow(/longer than its announced size/);
    expect(() => decode([Buffer.from('1'.repeat(9000))])).toThrow(/too long/);
  });
});

describe('parseHead', () => {
  it('reads the status and lower-cased headers, keeping repeats', () => {
    expect(parseHead('HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-1/2\r\nX-A: 1\r\nx-a: 2')).toEqual({
      status: 206,
      headers: { 'content-range': 'bytes 0-1/2', 'x-a': ['1', '2'] },
    });
    expect(parseHead('HTTP/1.0 200')).toEqual({ status: 200, headers: {} });
  });

  it('refuses what is not an HTTP/1 answer', () => {
    expect(parseHead('HTTP/2 200')).toBeUndefined();
    expect(parseHead('<html>')).toBeUndefined();
    expect(parseHead('HTTP/1.1 200 OK\r\nno colon here')).toBeUndefined();
  });
});

describe('unframe', () => {
  const run = (headers: Record<string, string>, pieces: string[]) => {
    const framing = framingOf(200, headers);
    const out: string[] = [];
    const done = pieces.map((piece) => unframe(framing, Buffer.from(piece), (chunk) => out.push(chunk.toString())));
    return { body: out.join(''), done };
  };

  it('stops a Content-Length body at its length, whatever follows', () => {
    expect(run({ 'content-length': '7' }, ['abc', 'defgXYZ'])).toEqual({ body: 'abcdefg', done: [false, true] });
  });

  it('decodes chunked bodies and passes close-delimited ones through', () => {
    expect(run({ 'transfer-encoding': 'chunked' }, ['3\r\nabc\r\n', '0\r\n\r\n'])).toEqual({ body: 'abc', done: [false, true] });
    expect(run({}, ['abc', 'def'])).toEqual({ body: 'abcdef', done: [false, false] });
  });
});
