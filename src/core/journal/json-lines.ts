/** Writing records as JSON lines, a piece at a time (state files, the pruned journal). */
import { writeSync } from 'node:fs';

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
