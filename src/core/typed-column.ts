/**
 * A growable column of numbers in fixed-size typed-array chunks: growing never copies, so a
 * column of 500,000 numbers leaves no discarded arrays behind for the garbage collector (large
 * discarded arrays are freed late and count in the process's memory until then).
 */
type Chunk = Float64Array | Int32Array | Uint32Array;

const chunkSize = 16_384;

export class Column {
  private readonly chunks: Chunk[] = [];

  constructor(private readonly make: (size: number) => Chunk) {}

  get(i: number): number {
    return this.chunks[Math.floor(i / chunkSize)]?.[i % chunkSize] ?? 0;
  }

  set(i: number, value: number): void {
    const chunk = Math.floor(i / chunkSize);
    while (this.chunks.length <= chunk) this.chunks.push(this.make(chunkSize));
    (this.chunks[chunk] as Chunk)[i % chunkSize] = value;
  }
}

export const float64Column = () => new Column((n) => new Float64Array(n));
export const int32Column = () => new Column((n) => new Int32Array(n));
export const uint32Column = () => new Column((n) => new Uint32Array(n));
