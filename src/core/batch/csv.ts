/**
 * RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF, a BOM.
 * Each row keeps the line number it starts on, for error messages. Fed a piece at a time (a
 * batch of 100,000 rows is never held whole); a piece must not end between a quote and the
 * character after it, which whole lines never do.
 */

export interface CsvRow {
  line: number;
  cells: string[];
}

/** A CSV that cannot be read, at the line where its trouble starts. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export class CsvReader {
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  private line = 1;
  private rowLine = 1;
  private started = false;

  /** The rows completed by this piece of text. */
  push(text: string): CsvRow[] {
    const rows: CsvRow[] = [];
    let i = !this.started && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.started = true;
    for (; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          this.cell += '"';
          i++;
        } else if (ch === '"') this.quoted = false;
        else {
          if (ch === '\n') this.line++;
          this.cell += ch;
        }
        continue;
      }
      if (ch === '"' && this.cell === '') this.quoted = true;
      else if (ch === ',') {
        this.cells.push(this.cell);
        this.cell = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        this.endRow(rows);
        this.line++;
        this.rowLine = this.line;
      } else this.cell += ch;
    }
    return rows;
  }

  /** The last row, if the text did not end with a newline. */
  end(): CsvRow[] {
    if (this.quoted) throw new CsvError('a quoted field is never closed', this.rowLine);
    const rows: CsvRow[] = [];
    if (this.cell !== '' || this.cells.length > 0) this.endRow(rows);
    return rows;
  }

  private endRow(rows: CsvRow[]): void {
    this.cells.push(this.cell);
    if (!(this.cells.length === 1 && this.cells[0] === '')) rows.push({ line: this.rowLine, cells: this.cells });
    this.cells = [];
    this.cell = '';
  }
}
