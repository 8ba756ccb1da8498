/** What the user passed as --image / --last-frame / --video, classified without touching disk. */

export type MediaRef =
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'insecure-url'; url: string }
  | { kind: 'data'; uri: string; mime: string; bytes: number; sniffed: string | undefined }
  | { kind: 'runway'; uri: string }
  /** `task:<id>`: the output of an earlier task, passed on by a fresh URL (or the file saved here). */
  | { kind: 'task'; taskId: string; step?: number }
  /** The last frame of a clip not made yet (a chained continuation, a storyboard shot): planned, cut when it exists. */
  | { kind: 'frame'; of: string }
  | { kind: 'invalid'; text: string; reason: string };

export function classifyMedia(text: string): MediaRef {
  const value = text.trim();
  if (value === '') return { kind: 'invalid', text, reason: 'it is empty' };
  if (/^data:/i.test(value)) {
    const match = /^data:([a-z0-9.+/-]+);base64,([A-Za-z0-9+/=\s]*)$/i.exec(value);
    if (!match) return { kind: 'invalid', text: value.slice(0, 40), reason: 'a data URI must look like data:image/png;base64,…' };
    const b64 = (match[2] ?? '').replace(/\s/g, '');
    const bytes = Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
    // The first 18 bytes are enough to tell every accepted type.
    const sniffed = sniffMime(Buffer.from(b64.slice(0, 24), 'base64'));
    return { kind: 'data', uri: value, mime: (match[1] ?? '').toLowerCase(), bytes, sniffed };
  }
  if (/^task:/i.test(value)) {
    const taskId = value.slice('task:'.length);
    return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(taskId)
      ? { kind: 'task', taskId }
      : { kind: 'invalid', text: value, reason: 'task:<id> names a task by its id, as `runway list` shows it' };
  }
  if (/^runway:\/\//i.test(value)) {
    // As the API issues them: runway://<kind>/<id>, plain segments, no `..`, nothing empty.
    const segments = value.slice('runway://'.length).split('/');
    const wellFormed =
      segments.length >= 2 && segments.every((s) => /^[A-Za-z0-9][A-Za-z0-9._~-]*$/.test(s) && s !== '..' && !s.includes('..'));
    return wellFormed
      ? { kind: 'runway', uri: value }
      : { kind: 'invalid', text: value, reason: 'a runway:// URI looks like runway://uploads/<id>, as `runway upload` prints it' };
  }
  if (/^https:\/\//i.test(value) || isLoopbackHttp(value)) {
    try {
      new URL(value);
    } catch {
      return { kind: 'invalid', text: value, reason: 'it is not a valid URL' };
    }
    if (value.length > 2048) return { kind: 'invalid', text: value.slice(0, 60), reason: 'URLs may be at most 2048 characters' };
    return { kind: 'url', url: value };
  }
  if (/^http:\/\//i.test(value)) return { kind: 'insecure-url', url: value };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return { kind: 'invalid', text: value, reason: 'only local files, https:// URLs, data: URIs and runway:// URIs are accepted' };
  }
  return { kind: 'file', path: value };
}

/** http:// is fine on this machine (the simulator's storage), as it is for base URLs. */
function isLoopbackHttp(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  } catch {
    return false;
  }
}

export function describeMedia(ref: MediaRef): string {
  switch (ref.kind) {
    case 'file':
      return ref.path;
    case 'url':
    case 'insecure-url':
      return ref.url;
    case 'data':
      return `data:${ref.mime} (${ref.bytes} bytes)`;
    case 'runway':
      return ref.uri;
    case 'task':
      return `task:${ref.taskId}`;
    case 'frame':
      return `the last frame of ${ref.of}`;
    case 'invalid':
      return ref.text;
  }
}

/** Detects the type from the first bytes; the extension is never trusted. */
export function sniffMime(head: Uint8Array): string | undefined {
  const b = (i: number) => head[i];
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'audio/wav';
  if (ascii(0, 3) === 'ID3' || (b(0) === 0xff && ((b(1) ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (ascii(0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(4, 8) === 'ftyp' && ascii(8, 11) === 'M4A') return 'audio/mp4';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(4, 8) === 'ftyp') return ascii(8, 10) === 'qt' ? 'video/quicktime' : 'video/mp4';
  if (b(0) === 0x1a && b(1) === 0x45 && b(2) === 0xdf && b(3) === 0xa3) return 'video/webm';
  if (ascii(0, 4) === '%PDF') return 'application/pdf';
  if (ascii(0, 4) === 'PK\x03\x04') return 'application/zip';
  if (b(0) === 0x76 && b(1) === 0x2f && b(2) === 0x31 && b(3) === 0x01) return 'image/x-exr';
  return undefined;
}
