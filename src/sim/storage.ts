/**
 * The storage origin (a different port from the API, like real presigned storage): signed
 * artifact links with Range support, the official multipart POST upload and the web-tasks PUT
 * upload. Storage never accepts an Authorization header: like S3, it refuses the request.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Artifact, artifactOf, compressedAudio, imageArtifact, jpegArtifact, wavArtifact } from './artifact.js';
import { sendText } from './http-util.js';
import type { SimContext } from './context.js';
import type { FaultRule } from './faults.js';

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  sendText(
    res,
    status,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    'application/xml',
  );
}

function parseRange(value: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!value) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

async function serveArtifact(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  taskId: string,
  index: number,
  fault: FaultRule | undefined,
): Promise<void> {
  const task = ctx.store.get(taskId);
  if (!task) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  const kind = task.outputKinds?.[index] ?? task.output;
  if (kind === 'audio') {
    const format = task.audioFormat ?? 'wav';
    const audio = format === 'wav' ? wavArtifact(task.duration) : compressedAudio(format);
    const type = { wav: 'audio/wav', mp3: 'audio/mpeg', ogg: 'audio/ogg' }[format];
    res.writeHead(200, { 'content-type': type, 'content-length': String(audio.length) });
    res.end(req.method === 'HEAD' ? undefined : audio);
    return;
  }
  if (kind === 'image') {
    // Whatever the URL's extension says (always .png): a client must tell the type by the bytes.
    const jpeg = (task.body as { outputFormat?: unknown } | undefined)?.outputFormat === 'jpeg';
    const image = jpeg ? jpegArtifact() : imageArtifact();
    res.writeHead(200, { 'content-type': jpeg ? 'image/jpeg' : 'image/png', 'content-length': String(image.length) });
    res.end(req.method === 'HEAD' ? undefined : image);
    return;
  }
  const rendered = await ctx.renderer.clip(task.id);
  const artifact = rendered ? new Artifact(task.artifactBytes, undefined, rendered) : artifactOf(task.artifactBytes, task.duration);
  const size = artifact.size;
  let range = fault?.action === 'no-range' ? undefined : parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'content-range': `bytes */${size}` });
    res.end();
    return;
  }
  if (fault?.action === 'bad-range' && range) range = { start: 0, end: size - 1 };
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const partial = range !== undefined;
  const length = end - start + 1;
  res.writeHead(partial ? 206 : 200, {
    'content-type': 'video/mp4',
    'content-length': String(length),
    'accept-ranges': 'bytes',
    etag: `"${taskId.slice(0, 8)}-${size}"`,
    ...(partial ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  task.firstByteAt ??= ctx.now();
  const cutAt =
    fault && (fault.action === 'cut' || fault.action === 'stall') ? start + Math.floor((length * (fault.percent ?? 50)) / 100) : undefined;
  const body = artifact.stream(start, cutAt !== undefined ? Math.max(start, cutAt) - 1 : end);
  if (cutAt === undefined) {
    body.pipe(res);
    return;
  }
  body.on('end', () => {
    if (fault?.action === 'cut') setTimeout(() => req.socket.destroy(), 5);
    // stall: keep the connection open and silent until the client gives up
  });
  body.pipe(res, { end: false });
  res.on('close', () => body.destroy());
}

/** Streams a multipart POST, checking that the policy fields come first and the file last. */
async function receiveMultipart(req: IncomingMessage): Promise<{ fields: string[]; fileBytes: number } | string> {
  const type = req.headers['content-type'] ?? '';
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  if (!/^multipart\/form-data/i.test(type) || !boundary) return 'expected multipart/form-data with a boundary';
  const marker = `--${boundary[1] ?? boundary[2]}`;
  let head = Buffer.alloc(0);
  let headDone = false;
  let fileStart = -1;
  let total = 0;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    if (!headDone) {
      head = Buffer.concat([head, buf]);
      const fileHeader = head.indexOf('filename=');
      const blank = fileHeader >= 0 ? head.indexOf('\r\n\r\n', fileHeader) : -1;
      if (blank >= 0) {
        headDone = true;
        fileStart = blank + 4;
      } else if (head.length > 1024 * 1024) return 'no file part found in the first MB';
    }
    total += buf.length;
    tail = buf.length >= 512 ? buf.subarray(-512) : Buffer.concat([tail, buf]).subarray(-512);
  }
  if (fileStart < 0) return 'no file part';
  const closing = tail.lastIndexOf(`\r\n${marker}--`);
  if (closing < 0) return 'the multipart body is not terminated';
  const end = total - (tail.length - closing);
  const text = head.subarray(0, fileStart).toString('latin1');
  const fields = [...text.matchAll(/name="([^"]+)"(?!; filename)/g)].map((m) => m[1] as string);
  return { fields, fileBytes: end - fileStart };
}

type Upload = SimContext['uploads'] extends Map<string, infer U> ? U : never;

/** The official flow: a multipart POST with the policy fields first and the file last. */
async function receivePost(req: IncomingMessage, res: ServerResponse, upload: Upload): Promise<void> {
  const received = await receiveMultipart(req);
  if (typeof received === 'string') return s3Error(res, 400, 'MalformedPOSTRequest', received);
  if (!received.fields.includes('key') || !received.fields.includes('policy'))
    return s3Error(res, 400, 'InvalidArgument', 'policy fields must come before the file');
  // The policy's content-length-range: 512 B to 200 MB (protocols.md §1, Uploads).
  if (received.fileBytes < 512) return s3Error(res, 400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
  if (received.fileBytes > 200 * 1024 * 1024)
    return s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
  upload.bytes = received.fileBytes;
  res.writeHead(204);
  res.end();
}

/** The web-tasks flow: a PUT of the raw bytes with the announced Content-Type; answers an ETag. */
async function receivePut(req: IncomingMessage, res: ServerResponse, upload: Upload): Promise<void> {
  if (req.headers['content-type'] !== upload.mime) return s3Error(res, 403, 'SignatureDoesNotMatch', `Content-Type must be ${upload.mime}`);
  const md5 = createHash('md5');
  let bytes = 0;
  for await (const chunk of req) {
    md5.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  if (bytes === 0) return s3Error(res, 400, 'EntityTooSmall', 'empty upload');
  upload.bytes = bytes;
  upload.etag = md5.digest('hex');
  res.writeHead(200, { etag: `"${upload.etag}"`, 'content-length': '0' });
  res.end();
}

export async function handleStorage(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  const hasAuth = req.headers.authorization !== undefined;
  const artifact = /^\/artifacts\/([^/]+)\/(\d+)\.(?:mp4|png|wav|mp3|ogg)$/.exec(path);
  if (artifact) {
    ctx.record({
      route: 'storage.download',
      method: req.method ?? 'GET',
      path,
      origin: 'storage',
      authorization: hasAuth,
      ...(req.headers.range ? { range: req.headers.range } : {}),
    });
    if (hasAuth)
      return s3Error(
        res,
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified',
      );
    const verdict = ctx.verify(path, url.searchParams);
    if (verdict !== 'ok') return s3Error(res, 403, 'AccessDenied', verdict === 'expired' ? 'Request has expired' : 'Signature mismatch');
    const fault = ctx.faults.take('download');
    if (fault?.action === 'status')
      return s3Error(res, fault.status ?? 500, fault.status === 403 ? 'AccessDenied' : 'InternalError', 'Simulated fault');
    if (ctx.applyFault(fault, res, req)) return;
    return serveArtifact(ctx, req, res, decodeURIComponent(artifact[1] as string), Number(artifact[2]), fault);
  }
  const post = req.method === 'POST' ? /^\/uploads\/([^/]+)$/.exec(path) : null;
  const put = req.method === 'PUT' ? /^\/put\/([^/.]+)\.[a-z0-9]+$/i.exec(path) : null;
  const uploadId = post?.[1] ?? put?.[1];
  if (uploadId) {
    ctx.record({ route: 'storage.upload', method: req.method as string, path, origin: 'storage', authorization: hasAuth });
    if (hasAuth) return s3Error(res, 400, 'InvalidArgument', 'Only one auth mechanism allowed');
    if (ctx.applyFault(ctx.faults.take('storage-upload'), res, req)) return;
    const upload = ctx.uploads.get(uploadId);
    if (!upload) return s3Error(res, 404, 'NoSuchUpload', 'Unknown upload');
    return post ? receivePost(req, res, upload) : receivePut(req, res, upload);
  }
  ctx.record({ route: 'storage.other', method: req.method ?? 'GET', path, origin: 'storage', authorization: hasAuth });
  if (/^\/(datasets|previews)\//.test(path)) {
    const verdict = ctx.verify(path, url.searchParams);
    if (verdict !== 'ok') return s3Error(res, 403, 'AccessDenied', 'Signature mismatch or expired');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '0' });
    res.end();
    return;
  }
  s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
}
