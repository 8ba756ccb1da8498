/**
 * Reaching the server for one exchange. Directly, the socket reads straight into the reader's
 * memory (net/tls `onread`). Through a proxy it is a CONNECT tunnel (TLS on top for https),
 * and since Node ignores `onread` on a socket it did not create, its 'data' events are copied
 * into the same memory instead: the reader sees the same calls either way.
 */
import { connect as connectTcp, isIP, type OnReadOpts, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { openTunnel } from './tunnel.js';

export interface Target {
  secure: boolean;
  /** Without IPv6 brackets. */
  host: string;
  port: number;
}

export interface Reader {
  /** Where the next read goes. */
  buffer(): Buffer;
  /** `bytes` more are in that buffer; false pauses reading. */
  received(bytes: number): boolean;
}

export interface Opened {
  socket: Socket;
  /** The event after which the request can be written, or undefined when it already can. */
  ready: 'connect' | 'secureConnect' | undefined;
}

export function targetOf(url: URL): Target {
  const secure = url.protocol === 'https:';
  return { secure, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) || (secure ? 443 : 80) };
}

/** The tunnel to `target` through `proxy`, when there is one (before the exchange starts). */
export function tunnelTo(target: Target, proxy: URL | undefined, options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<Socket | undefined> {
  return proxy ? openTunnel(proxy, target.host, target.port, options) : Promise.resolve(undefined);
}

export function openSocket(target: Target, reader: Reader, tunnel: Socket | undefined, ca: string | Buffer | undefined): Opened {
  const { secure, host, port } = target;
  const tls = { ALPNProtocols: ['http/1.1'], ...(isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}) };
  if (!tunnel) {
    const onread = { buffer: () => reader.buffer(), callback: (bytes: number) => reader.received(bytes) };
    // tls.connect takes `onread` like net.connect (documented), though @types/node omits it.
    const options: ConnectionOptions & { onread: OnReadOpts } = { host, port, onread, ...tls };
    return secure ? { socket: connectTls(options), ready: 'secureConnect' } : { socket: connectTcp({ host, port, onread }), ready: 'connect' };
  }
  const socket = secure ? connectTls({ socket: tunnel, ...tls }) : tunnel;
  socket.on('data', (chunk: Buffer) => {
    for (let at = 0; at < chunk.length && !socket.destroyed; ) {
      const n = chunk.copy(reader.buffer(), 0, at);
      if (n === 0) return void socket.destroy(new Error('no room left to read into'));
      at += n;
      if (!reader.received(n)) {
        socket.pause();
        if (at < chunk.length && !socket.destroyed) socket.unshift(chunk.subarray(at));
        return;
      }
    }
  });
  if (socket !== tunnel) socket.once('close', () => tunnel.destroy());
  tunnel.resume();
  return { socket, ready: secure ? 'secureConnect' : undefined };
}
