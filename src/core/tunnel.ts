/**
 * A CONNECT tunnel through an http:// proxy, for the socket transport: resolves with a socket
 * that reaches `host:port` (the caller adds TLS for https). The proxy, not this machine,
 * resolves the target's name.
 */
import { connect, type Socket } from 'node:net';
import { parseHead } from './http1.js';
import { displayProxy } from './proxy.js';

export class TunnelError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const maxAnswerBytes = 64 << 10;

function connectHead(proxy: URL, authority: string): string {
  const lines = [`CONNECT ${authority} HTTP/1.1`, `host: ${authority}`];
  if (proxy.username || proxy.password) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    lines.push(`proxy-authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function openTunnel(proxy: URL, host: string, port: number, options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<Socket> {
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(proxy.port) || 80 });
    let answer = Buffer.alloc(0);
    const done = (error?: Error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData).off('error', done).off('end', onEnd);
      if (!error) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const onAbort = () => done(options.signal?.reason ?? new TunnelError('aborted', 'ABORT_ERR'));
    const onEnd = () => done(new TunnelError(`the proxy ${displayProxy(proxy)} closed the connection instead of opening a tunnel`, 'UND_ERR_SOCKET'));
    const onData = (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
      const end = answer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (answer.length > maxAnswerBytes) done(new TunnelError(`the proxy ${displayProxy(proxy)} sent an oversized answer`, 'UND_ERR_HEADERS_OVERFLOW'));
        return;
      }
      const head = parseHead(answer.toString('latin1', 0, end));
      if (head?.status !== 200) {
        const status = head ? `HTTP ${head.status}` : 'a malformed answer';
        const why = head?.status === 407 ? ' (it wants credentials: http://user:password@host:port)' : '';
        return done(new TunnelError(`the proxy ${displayProxy(proxy)} refused a tunnel to ${authority}: ${status}${why}`, 'ERR_PROXY_REFUSED'));
      }
      socket.pause();
      // Nothing should follow the answer before we speak, but keep whatever did.
      if (answer.length > end + 4) socket.unshift(answer.subarray(end + 4));
      done();
    };
    const timer = setTimeout(() => done(new TunnelError(`timed out opening a tunnel through the proxy ${displayProxy(proxy)}`, 'UND_ERR_CONNECT_TIMEOUT')), options.timeoutMs);
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData).on('error', done).on('end', onEnd);
    socket.write(connectHead(proxy, authority));
  });
}
