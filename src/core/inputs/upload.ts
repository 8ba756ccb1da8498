/**
 * Runs a protocol's upload flow: ask the API for a storage slot, stream the file to the storage
 * host (never with the API key), complete it if the protocol needs that. Returns the URI to use
 * as an input.
 */
import { ApiError, UsageError } from '../errors.js';
import { multipartBody } from '../http/multipart.js';
import { requestBody, withProgress, type RequestBody } from '../http/request-body.js';
import { inspectLocalFile, type LocalFile } from './media.js';
import { providersThat } from '../session/providers.js';
import { knownProviders } from '../session/session.js';
import type { Session } from '../session/session.js';
import { callProvider } from '../session/provider-call.js';

export interface UploadOutcome {
  file: string;
  bytes: number;
  mime: string;
  provider: string;
  uri: string;
}

/** `runway upload <file>`: the file checked (a whole image or video within the protocol's limits), uploaded, its URI. */
export async function uploadCommand(session: Session, path: string): Promise<UploadOutcome> {
  const { adapter, preset } = session.provider;
  if (!adapter.upload || !preset.features.upload) {
    throw new UsageError(`${preset.name} has no upload endpoint.`, {
      hint:
        `Providers with uploads: ${providersThat(knownProviders(session.config), (f) => f.upload).join(', ')} (see ` +
        `\`runway providers\`).`,
    });
  }
  const file = await inspectLocalFile(path, 'any', 'upload', adapter.upload.maxBytes, adapter.upload.minBytes);
  return { file: path, bytes: file.bytes, mime: file.mime, provider: session.name, uri: await uploadFile(session, file) };
}

export async function uploadFile(session: Session, file: LocalFile, job?: string): Promise<string> {
  const { adapter, preset } = session.provider;
  const upload = adapter.upload;
  if (!upload || !preset.features.upload) throw new UsageError(`${preset.name} has no upload endpoint.`);
  session.events({ type: 'upload', file: file.path, bytes: file.bytes, job });
  const ticket = await callProvider(session, upload.start({ name: file.name, mime: file.mime, bytes: file.bytes }), {
    kind: 'idempotent',
    purpose: 'start upload',
    parse: (data) => upload.parseStart(data),
  });

  const { transfer } = ticket;
  // Progress in the file's own bytes (what "uploading x (size)" announced), not the form's framing.
  const reported = (body: RequestBody) =>
    withProgress(body, (sent) =>
      session.events({
        type: 'upload-progress',
        file: file.path,
        sent: Math.min(file.bytes, Math.round((sent / body.length) * file.bytes)),
        total: file.bytes,
        job,
      }),
    );
  let etag: string | undefined;
  if (transfer.method === 'POST-multipart') {
    const form = multipartBody(transfer.fields, { field: 'file', name: file.name, mime: file.mime, path: file.path, bytes: file.bytes });
    const res = await session.http.json({
      method: 'POST',
      url: transfer.url,
      kind: 'idempotent',
      headers: { 'content-type': form.contentType },
      body: reported(form.body),
      signal: session.signal,
      purpose: 'upload to storage',
    });
    etag = headerText(res.headers.etag);
  } else {
    const res = await session.http.json({
      method: 'PUT',
      url: transfer.url,
      kind: 'idempotent',
      headers: { 'content-type': file.mime, ...lowercase(transfer.headers) },
      body: reported(requestBody([{ path: file.path, bytes: file.bytes }])),
      signal: session.signal,
      purpose: 'upload to storage',
    });
    etag = headerText(res.headers.etag);
  }

  if (ticket.complete) {
    if (!etag)
      throw new ApiError('The storage host accepted the upload but returned no ETag to complete it with.', {
        status: 200,
        method: 'PUT',
        url: transfer.url,
      });
    const complete = ticket.complete(etag);
    return callProvider(session, complete, {
      kind: 'idempotent',
      purpose: 'complete upload',
      parse: (data) => (upload.parseComplete ? upload.parseComplete(data) : String(data)),
    });
  }
  if (!ticket.uri) throw new ApiError('The upload answer had no URI to use.', { status: 200, method: 'POST', url: session.url('/') });
  return ticket.uri;
}

function headerText(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.replace(/^W\//, '').replace(/^"|"$/g, '') || undefined;
}

function lowercase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
