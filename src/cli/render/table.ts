/** Plain-text tables for humans: columns as wide as their widest cell, two spaces apart. */
import { inert } from './terminal.js';

export interface TableOptions {
  /** Column indexes whose cells line up on the right (numbers). */
  alignRight?: readonly number[];
}

/** One string per row (header first); the last column is never padded, so lines have no trailing blanks. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const all = [header, ...rows.map((row) => row.map((cell) => inert(cell)))];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const right = new Set(options.alignRight ?? []);
  return all.map((row) =>
    header
      .map((_, i) => {
        const cell = row[i] ?? '';
        if (right.has(i)) return cell.padStart(widths[i] as number);
        return i === header.length - 1 ? cell : cell.padEnd(widths[i] as number);
      })
      .join('  ')
      .trimEnd(),
  );
}
