/**
 * multipart/form-data with a known length: the fields, then the file sent from disk. Storage
 * hosts (S3-style presigned POSTs) want Content-Length, and memory must not grow with the file
 * size.
 */
import { randomBytes } from 'node:crypto';
import { requestBody, type RequestBody } from './request-body.js';

export interface MultipartFile {
  field: string;
  name: string;
  mime: string;
  path: string;
  bytes: number;
}

export interface MultipartBody {
  contentType: string;
  body: RequestBody;
}

const quote = (text: string) => text.replace(/["\r\n\\]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ''));

export function multipartBody(fields: Record<string, string>, file: MultipartFile): MultipartBody {
  const boundary = `----runway${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.name)}"\r\n` +
      `Content-Type: ${file.mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: requestBody([head, { path: file.path, bytes: file.bytes }, tail]),
  };
}
