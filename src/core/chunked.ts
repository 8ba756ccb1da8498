/** Decoding `Transfer-Encoding: chunked` as bytes arrive, in whatever pieces the socket gives. */

export class ChunkedFramingError extends Error {
  readonly code = 'HPE_INVALID_CHUNK_SIZE';
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';
const maxLineBytes = 8192;

export class ChunkedDecoder {
  private state: State = 'size';
  private line = '';
  private remaining = 0;

  get done(): boolean {
    return this.state === 'done';
  }

  /** Hands the data bytes in `input` to `emit` (as views of `input`); framing lines may span calls. */
  feed(input: Buffer, emit: (data: Buffer) => void): void {
    let i = 0;
    while (i < input.length && this.state !== 'done') {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, input.length - i);
        emit(input.subarray(i, i + take));
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const newline = input.indexOf(10, i);
      const stop = newline < 0 ? input.length : newline;
      this.line += input.toString('latin1', i, stop);
      if (this.line.length > maxLineBytes) throw new ChunkedFramingError('a chunked framing line is too long');
      if (newline < 0) return;
      i = newline + 1;
      const text = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
      this.line = '';
      this.endOfLine(text);
    }
  }

  private endOfLine(text: string): void {
    if (this.state === 'size') {
      const m = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(text);
      if (!m) throw new ChunkedFramingError(`bad chunk size line ${JSON.stringify(text.slice(0, 40))}`);
      this.remaining = parseInt(m[1] as string, 16);
      this.state = this.remaining === 0 ? 'trailer' : 'data';
    } else if (this.state === 'data-end') {
      if (text !== '') throw new ChunkedFramingError('chunk data is longer than its announced size');
      this.state = 'size';
    } else if (text === '') {
      this.state = 'done';
    }
  }
}
