/** Chunked decoding and response heads, fed in every possible split. */
import { describe, expect, it } from 'vitest';
import { ChunkedDecoder } from '../../src/core/chunked.js';
import { parseHead } from '../../src/core/http1.js';

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
