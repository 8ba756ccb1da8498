/**
 * Reading JSON-lines files (the journal, a state file) a slice at a time, with each line's byte
 * offset so an index can point back at it.
 */
import { readSync } from 'node:fs';
import type { JournalEntry } from './fold.js';

/**
 * The whole lines from `start`, each with its byte offset and the offset just past it. A torn
 * tail (no newline yet) is left for later. One buffer serves every read: the unfinished line is
 * moved to its front and the next read lands after it (the buffer doubles only for a line
 * longer than itself), so reading a file of any size leaves no garbage but the lines.
 */
export function* wholeLines(
  fd: number,
  start: number,
  expected = Infinity,
  buffer: Buffer = Buffer.allocUnsafe(Math.max(4096, Math.min(1 << 20, expected))),
): Generator<{ line: string; start: number; next: number }> {
  let offset = start;
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) buffer = Buffer.concat([buffer], buffer.length * 2);
    const n = readSync(fd, buffer, filled, buffer.length - filled, offset + filled);
    if (n === 0) return;
    filled += n;
    // Only what was read is searched: the buffer's tail holds bytes of earlier reads.
    const data = buffer.subarray(0, filled);
    let from = 0;
    for (let newline; (newline = data.indexOf(0x0a, from)) >= 0; from = newline + 1) {
      yield { line: data.toString('utf8', from, newline), start: offset + from, next: offset + newline + 1 };
    }
    buffer.copyWithin(0, from, filled);
    offset += from;
    filled -= from;
  }
}

/** A line as a journal record, or undefined when it is not one (blank, or torn by a killed writer). */
export function parseRecord(line: string): JournalEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    return asRecord(JSON.parse(line));
  } catch {
    // a torn line from a killed writer: the records around it are intact
    return undefined;
  }
}

/** A parsed value as a journal record: an object naming its job (and, for an intent, what was asked). */
export function asRecord(value: unknown): JournalEntry | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const entry = value as JournalEntry;
  if (typeof entry.job !== 'string') return undefined;
  if (entry.type === 'intent' && (!entry.intent || typeof entry.intent !== 'object')) return undefined;
  return entry;
}

let scratch = Buffer.allocUnsafe(64 * 1024);

/** The bytes at `start` (a line's offset and length from an index), read back through one reused buffer. */
export function readLine(fd: number, start: number, length: number): string {
  if (scratch.length < length) scratch = Buffer.allocUnsafe(length);
  const read = readSync(fd, scratch, 0, length, start);
  return scratch.toString('utf8', 0, read);
}
