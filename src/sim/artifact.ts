/**
 * The simulator's video: a real H.264 MP4 (committed fixture) made as large as asked by a
 * trailing `free` box — still a valid, playable file. Served as byte ranges generated on the
 * fly, so a 1 GiB artifact costs no memory.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import { retimed } from './retime.js';

let fixture: Buffer | undefined;

/** The committed fixture's length (24 frames at 12 fps). */
export const fixtureSeconds = 2;

export function fixtureMp4(): Buffer {
  // dist/sim/ and src/sim/ both sit two levels below the package root.
  fixture ??= readFileSync(new URL('../../src/sim/fixtures/sample.mp4', import.meta.url));
  return fixture;
}

/** The size of a clip of `length` bytes padded to at least `requested` (a `free` box is 8 bytes at least). */
export function paddedSize(length: number, requested: number | undefined): number {
  const size = Math.max(length, Math.floor(requested ?? length));
  return size > length && size - length < 8 ? length + 8 : size;
}

export class Artifact {
  readonly size: number;
  private readonly head: Buffer;

  /** `seconds`: the clip's length (the task's duration); the fixture's own 2 s when absent. `clip`: a rendered clip instead of the fixture. */
  constructor(requestedBytes?: number, seconds?: number, clip?: Buffer) {
    const mp4 = clip ?? (seconds === undefined ? fixtureMp4() : retimed(fixtureMp4(), fixtureSeconds, seconds));
    const size = paddedSize(mp4.length, requestedBytes);
    this.size = size;
    const pad = size - mp4.length;
    if (pad === 0) {
      this.head = mp4;
    } else if (pad <= 0xffffffff) {
      const box = Buffer.alloc(8);
      box.writeUInt32BE(pad, 0);
      box.write('free', 4, 'latin1');
      this.head = Buffer.concat([mp4, box]);
    } else {
      const box = Buffer.alloc(16);
      box.writeUInt32BE(1, 0);
      box.write('free', 4, 'latin1');
      box.writeBigUInt64BE(BigInt(pad), 8);
      this.head = Buffer.concat([mp4, box]);
    }
  }

  /** Bytes [start, end] inclusive, in chunks; `limit` stops early (to simulate a cut). */
  stream(start: number, end: number, chunkBytes = 256 * 1024): Readable {
    const head = this.head;
    const zeros = zeroes(chunkBytes);
    let position = start;
    return new Readable({
      highWaterMark: chunkBytes,
      read() {
        if (position > end) {
          this.push(null);
          return;
        }
        const stop = Math.min(end + 1, position + chunkBytes);
        let chunk: Buffer;
        if (position < head.length) {
          chunk = head.subarray(position, Math.min(stop, head.length));
        } else {
          chunk = zeros.subarray(0, stop - position);
        }
        position += chunk.length;
        this.push(chunk);
      },
    });
  }

  private whole: Buffer | undefined;

  /** The whole file in memory, made once and shared (never written to): only for small artifacts (tests). */
  bytes(): Buffer {
    if (this.size > 64 * 1024 * 1024) throw new Error('artifact too large to buffer');
    this.whole ??= Buffer.concat([this.head, Buffer.alloc(this.size - this.head.length)]);
    return this.whole;
  }
}

const cache = new Map<string, Artifact>();

let zeroBuffer = Buffer.alloc(0);

/** Zeroed bytes shared by every download (only ever read): a batch of 100,000 allocates them once. */
function zeroes(length: number): Buffer {
  if (zeroBuffer.length < length) zeroBuffer = Buffer.alloc(length);
  return zeroBuffer;
}

/** One Artifact per requested size (they are immutable and cheap to share). */
export function artifactOf(requestedBytes: number, seconds?: number): Artifact {
  const key = `${requestedBytes}:${seconds ?? ''}`;
  let artifact = cache.get(key);
  if (!artifact) {
    artifact = new Artifact(requestedBytes, seconds);
    cache.set(key, artifact);
  }
  return artifact;
}

let png: Buffer | undefined;

/** The simulator's image (text_to_image): a real 64×64 PNG, a gradient, with valid CRCs. */
export function imageArtifact(): Buffer {
  if (png) return png;
  const size = 64;
  const rows = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) rows.set([x * 4, y * 4, 128], y * (size * 3 + 1) + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return png;
}

/** The simulator's JPEG (images asked for as jpeg): a real 32×32 baseline JPEG, made once with ffmpeg. */
const jpegBase64 =
  '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgQEBMQExYWFhYWFhoYGhsbGxoaGhobGxsdHR0iIiIdHR0bGx0dICAiIiUmJSMjIiMmJigoKDAwLi44ODpFRVP/xABaAAEBAQAAAAAAAAAAAAAAAAAGBwgBAQEBAAAAAAAAAAAAAAAAAAYHBBAAAwEBAQAAAAAAAAAAAAAAAAEDITECEQACAwEBAQAAAAAAAAAAAAAAAgQDASExEf/AABEIACAAIAMBIgACEQADEQD/2gAMAwEAAhEDEQA/AJZBi+DA8GL4M2zl9NdOjiDEKCsGJ/PCSyl+MJ694Zzi9FsGDJvRVBlrmrwI1aOIMWTeAqDF0WSKaooq0//Z';

export function jpegArtifact(): Buffer {
  return Buffer.from(jpegBase64, 'base64');
}

const wavs = new Map<number, Buffer>();

/** A real WAV: 16-bit mono PCM at 16 kHz, a 440 Hz tone of `seconds` (made once per length). */
export function wavArtifact(seconds: number): Buffer {
  const cached = wavs.get(seconds);
  if (cached) return cached;
  const rate = 16_000;
  const samples = Math.max(1, Math.round(seconds * rate));
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  wavs.set(seconds, wav);
  return wav;
}

const compressed = new Map<string, Buffer>();

/** A real one-second MP3 or Ogg Opus file (committed fixtures, made with ffmpeg). */
export function compressedAudio(format: 'mp3' | 'ogg'): Buffer {
  let bytes = compressed.get(format);
  if (!bytes) {
    bytes = readFileSync(new URL(`../../src/sim/fixtures/sample.${format}`, import.meta.url));
    compressed.set(format, bytes);
  }
  return bytes;
}
