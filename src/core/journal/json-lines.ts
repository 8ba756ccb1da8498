/**
 * A file replaced whole or not at all (a state export, a pruned journal): written beside its
 * place, forced to disk, renamed over it. A write that fails (a full disk, a folder of that
 * name) leaves only what was there before.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export function replaceWhole(path: string, temporary: string, fill: (fd: number) => void): void {
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      fill(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Records as JSON lines, a few hundred to a piece: one write (or one stream chunk) per piece, not per record. */
export function* jsonLines(records: Iterable<unknown>): Generator<string> {
  let lines: string[] = [];
  for (const record of records) {
    lines.push(JSON.stringify(record));
    if (lines.length >= 512) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

/** Writes every piece to `fd`. */
export function writeAll(fd: number, pieces: Iterable<string>): void {
  for (const piece of pieces) writeSync(fd, piece);
}
