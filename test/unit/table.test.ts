import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/render/table.js';

describe('formatTable', () => {
  it('pads every column but the last to its widest cell, including the header', () => {
    expect(
      formatTable(
        ['A', 'LONG HEADER', 'C'],
        [
          ['wide cell', 'x', 'last'],
          ['y', '', 'z'],
        ],
      ),
    ).toEqual(['A          LONG HEADER  C', 'wide cell  x            last', 'y                       z']);
  });

  it('right-aligns the asked columns and never leaves trailing blanks', () => {
    expect(
      formatTable(
        ['JOB', 'SECONDS', 'FILE'],
        [
          ['a', '1.5', ''],
          ['b', '120.0', 'b.mp4'],
        ],
        { alignRight: [1] },
      ),
    ).toEqual(['JOB  SECONDS  FILE', 'a        1.5', 'b      120.0  b.mp4']);
  });
});
