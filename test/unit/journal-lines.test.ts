/** The line reader the journal and state files share: every line once, at its true offset, across reads of any size. */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLine, wholeLines } from '../../src/core/journal/lines.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'runway-lines-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function linesOf(text: string, bufferSize: number, start = 0): { line: string; start: number; next: number }[] {
  const file = join(dir, 'lines.jsonl');
  writeFileSync(file, text);
  const fd = openSync(file, 'r');
  try {
    return [...wholeLines(fd, start, Infinity, Buffer.alloc(bufferSize))];
  } finally {
    closeSync(fd);
  }
}

describe('wholeLines', () => {
  // Lines shorter than, equal to and many times the buffer; multi-byte characters across read boundaries.
  const lines = ['a', '', 'é'.repeat(7), 'x'.repeat(16), '{"job":"ü→€"}', 'y'.repeat(100), 'z', '🎬'.repeat(40)];
  const text = `${lines.join('\n')}\n`;

  for (const size of [1, 3, 16, 17, 4096]) {
    it(`yields every whole line with its byte offsets through a ${size}-byte buffer`, () => {
      const got = linesOf(`${text}torn tail`, size);
      expect(got.map((l) => l.line)).toEqual(lines);
      const bytes = Buffer.from(text);
      for (const { line, start, next } of got) {
        expect(bytes.toString('utf8', start, next - 1)).toBe(line);
        expect(bytes[next - 1]).toBe(0x0a);
      }
    });
  }

  it('starts at an offset and leaves a line with no newline yet for later', () => {
    const offset = Buffer.byteLength('a\n\n');
    expect(linesOf(text, 5, offset).map((l) => l.line)).toEqual(lines.slice(2));
    expect(linesOf('no newline', 4)).toEqual([]);
  });

  it('reads a line back by its offset and length, longer than any earlier one', () => {
    const file = join(dir, 'back.jsonl');
    const long = 'q'.repeat(200_000);
    writeFileSync(file, `short\n${long}\n`);
    const fd = openSync(file, 'r');
    try {
      expect(readLine(fd, 0, 5)).toBe('short');
      expect(readLine(fd, 6, long.length)).toBe(long);
      expect(readLine(fd, 1, 3)).toBe('hor');
    } finally {
      closeSync(fd);
    }
  });
});
