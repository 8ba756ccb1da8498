/**
 * The line of each job key of a batch file, in 12 bytes a key (a Map of strings takes ~70): a
 * check pass over 100,000 lines keeps this and nothing else per line. A key is kept as 64 bits:
 * a hash key (`h:` and 16 hex digits) is exactly its 64 bits; an `id:` key is the first 64 bits of
 * its SHA-256 (two ids sharing them in one file: about one chance in 10^9 at 100,000 lines, and
 * then the later line is refused as a duplicate before anything is paid).
 */
import { createHash } from 'node:crypto';

function bitsOf(key: string): [number, number] {
  const hex = /^h:([0-9a-f]{16})$/.exec(key)?.[1] ?? createHash('sha256').update(key).digest('hex').slice(0, 16);
  return [parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8), 16)];
}

export class KeyLines {
  /** [high bits, low bits, line] per slot; line 0 is an empty slot (lines start at 1). */
  private slots = new Uint32Array(3 * 1024);
  size = 0;

  get(key: string): number | undefined {
    const [high, low] = bitsOf(key);
    const at = this.find(this.slots, high, low);
    return this.slots[at + 2] === 0 ? undefined : this.slots[at + 2];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Keeps the first line of a key. */
  set(key: string, line: number): void {
    if ((this.size + 1) * 10 > (this.slots.length / 3) * 7) this.grow();
    const [high, low] = bitsOf(key);
    const at = this.find(this.slots, high, low);
    if (this.slots[at + 2] !== 0) return;
    this.slots.set([high, low, line], at);
    this.size++;
  }

  /** The slot holding these bits, or the empty one where they would go. */
  private find(slots: Uint32Array, high: number, low: number): number {
    const count = slots.length / 3;
    for (let i = ((low ^ high) >>> 0) % count; ; i = (i + 1) % count) {
      const at = i * 3;
      if (slots[at + 2] === 0 || (slots[at] === high && slots[at + 1] === low)) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 3)
      if (old[at + 2] !== 0) this.slots.set(old.subarray(at, at + 3), this.find(this.slots, old[at] as number, old[at + 1] as number));
  }
}
