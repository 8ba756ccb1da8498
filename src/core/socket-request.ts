/**
 * A lean HTTP/1.1 exchange for the big transfers: artifact downloads and uploads. undici reads
 * the socket 64 KiB at a time into fresh buffers and pushes each through its WebAssembly parser
 * and a stream: about 1 s of CPU per GiB, more than the transfer itself. Here the socket reads
 * straight into two reused 1 MiB windows (net/tls `onread`), handed to the consumer in large
 * slices: while the consumer still works on one (the file write), the socket fills the other.
 * Half the CPU, and no garbage, so memory stays flat without help. A request body (an upload)
 * is sent from the caller's own reused buffers (see request-body.ts) before the answer is read.
 *
 * Only what transfers need: one request per connection, Content-Length, chunked or
 * close-delimited answers. Error codes reuse undici's names so both transports read the same to
 * the retry policy and the messages.
 */
import type { Socket } from 'node:net';
import type { Body } from './body.js';
import type { RequestBody } from './request-body.js';
import { framingOf, parseHead, requestHead, unframe, type Framing, type ResponseHeaders } from './http1.js';
import { openSocket, targetOf, tunnelTo, type Target } from './socket-open.js';

export interface SocketRequestOptions {
  /** GET unless given. */
  method?: string;
  url: string;
  headers: Record<string, string>;
  /** Sent after the head; the caller sets its content-length header. */
  body?: RequestBody | undefined;
  signal?: AbortSignal | undefined;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Longest silence while a body is being sent or read. */
  bodyTimeoutMs: number;
  /** An http:// proxy to tunnel through (see proxy.ts). */
  proxy?: URL | undefined;
  /** Extra trusted certificate authority (tests against a self-signed server). */
  ca?: string | Buffer | undefined;
}

export interface SocketResponse {
  status: number;
  headers: ResponseHeaders;
  body: Body;
}

export class SocketRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const windowBytes = 1 << 20;
/** Never offer the socket less room than this for a read. */
const minReadBytes = 64 << 10;
/** Hand over what has arrived at least this often, so progress and the .part file keep up on slow links. */
const handOverEveryMs = 100;
const maxHeadBytes = 64 << 10;

/**
 * Read windows of finished downloads, reused by the next one: a batch of small downloads would
 * otherwise allocate 1 MiB of external memory each, which V8 answers with full collections.
 */
const idleWindows: Buffer[] = [];
const maxIdleWindows = 8;
/** Handed to a socket that is already finished, for the read Node may still prepare. */
const deadWindow = Buffer.alloc(1);

type ChunkConsumer = (chunk: Buffer) => void | Promise<void>;
type Phase = 'head' | 'waiting' | 'body' | 'finished';

export async function socketRequest(options: SocketRequestOptions): Promise<SocketResponse> {
  const url = new URL(options.url);
  const target = targetOf(url);
  const head = requestHead(options.method ?? 'GET', url, options.headers);
  const tunnel = await tunnelTo(target, options.proxy, { timeoutMs: options.connectTimeoutMs, signal: options.signal });
  return new Promise((resolve, reject) => new Exchange(options, target, head, resolve, reject, tunnel));
}

class Exchange implements Body {
  /** Two read windows: the socket fills one while the consumer still works on the other. */
  private readonly windows: (Buffer | undefined)[] = [];
  private current = 0;
  /** The consumer's unfinished work on each window's memory. */
  private readonly work = [new Set<Promise<void>>(), new Set<Promise<void>>()];
  /** window[handedOut, filled) has arrived and not yet been passed on. */
  private handedOut = 0;
  private filled = 0;
  private phase: Phase = 'head';
  private framing: Framing = { kind: 'close' };
  private peerEnded = false;
  /** The body's last byte has been handed over. */
  private complete = false;
  private awaitingConsumer = false;
  private failure: Error | undefined;
  private lastHandOver = 0;
  private readonly socket: Socket;
  private timer: NodeJS.Timeout | undefined;
  private onChunk: ChunkConsumer | undefined;
  private settleBody: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private readonly onAbort = () => this.fail(this.options.signal?.reason ?? new SocketRequestError('aborted', 'ABORT_ERR'));

  constructor(
    private readonly options: SocketRequestOptions,
    target: Target,
    head: string,
    private readonly resolveHead: (response: SocketResponse) => void,
    private rejectHead: ((error: Error) => void) | undefined,
    tunnel: Socket | undefined,
  ) {
    const reader = {
      buffer: () => (this.isFinished() ? deadWindow : this.window.subarray(this.filled)),
      received: (bytes: number) => this.received(bytes),
    };
    const { socket, ready } = openSocket(target, reader, tunnel, options.ca);
    this.socket = socket;
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('end', () => this.peerClosed());
    this.socket.on('close', () => this.peerClosed());
    // One listener for the stall timer: arming it again (after every wait) only sets the time.
    this.socket.on('timeout', () => {
      const seconds = Math.round(options.bodyTimeoutMs / 1000);
      // Before the answer, only the sending of a body arms this timer.
      if (this.phase === 'head') this.fail(new SocketRequestError(`the server took no data for ${seconds} s`, 'ERR_SEND_STALLED'));
      else this.fail(new SocketRequestError(`no data for ${seconds} s`, 'UND_ERR_BODY_TIMEOUT'));
    });
    const connected = () => {
      if (!options.body) return this.awaitHead();
      this.clearTimer();
      this.socket.setTimeout(options.bodyTimeoutMs);
    };
    this.startTimer(options.connectTimeoutMs, 'UND_ERR_CONNECT_TIMEOUT', 'timed out connecting');
    if (ready) this.socket.once(ready, connected);
    else connected();
    if (options.signal?.aborted) {
      this.onAbort();
      return;
    }
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.socket.write(head);
    if (options.body) this.send(options.body);
  }

  /**
   * Streams the request body (the stall timer watches it), then waits for the answer. An answer
   * that comes first (a refusal) ends the sending; the socket's own errors are reported by its
   * 'error' event.
   */
  private send(body: RequestBody): void {
    const write = (chunk: Buffer) =>
      new Promise<void>((resolve, reject) => {
        if (this.phase !== 'head') return reject(new SocketRequestError('the server answered before the body was sent', 'ERR_ANSWERED_EARLY'));
        this.socket.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
    body.send(write).then(
      () => {
        if (this.phase !== 'head') return;
        this.socket.setTimeout(0);
        this.awaitHead();
      },
      (error: Error) => {
        if (this.phase === 'head') this.fail(error);
      },
    );
  }

  private awaitHead(): void {
    this.startTimer(this.options.headersTimeoutMs, 'UND_ERR_HEADERS_TIMEOUT', 'no answer in time');
  }

  pump(onChunk: ChunkConsumer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (this.phase !== 'waiting') return reject(new Error('the body was already read or dropped'));
      this.settleBody = { resolve, reject };
      this.onChunk = onChunk;
      this.phase = 'body';
      this.armBodyTimeout();
      this.handOver();
      if (this.proceed(false)) this.readOn();
    });
  }

  discard(): void {
    this.finish();
  }

  private get window(): Buffer {
    return (this.windows[this.current] ??= idleWindows.pop() ?? Buffer.allocUnsafe(windowBytes));
  }

  /**
   * onread callback: `bytes` more are in the window. Returning false pauses the socket. Node
   * asks for the next read's buffer right after this returns, so only here may the window be
   * rewound or swapped.
   */
  private received(bytes: number): boolean {
    this.filled += bytes;
    if (this.phase === 'head') return this.readHead();
    if (this.phase !== 'body') return false;
    const full = windowBytes - this.filled < minReadBytes;
    const complete = this.framing.kind === 'length' && this.filled - this.handedOut >= this.framing.remaining;
    if (full || complete || performance.now() - this.lastHandOver >= handOverEveryMs) this.handOver();
    return this.proceed(true);
  }

  private readHead(): boolean {
    for (;;) {
      const end = this.window.subarray(0, this.filled).indexOf('\r\n\r\n', 0, 'latin1');
      if (end < 0) {
        if (this.filled > maxHeadBytes) this.fail(new SocketRequestError('the answer headers are too large', 'UND_ERR_HEADERS_OVERFLOW'));
        return this.phase === 'head';
      }
      const head = parseHead(this.window.toString('latin1', 0, end));
      this.window.copyWithin(0, end + 4, this.filled);
      this.filled -= end + 4;
      this.handedOut = 0;
      if (!head) {
        this.fail(new SocketRequestError('the server sent a malformed HTTP answer', 'HPE_INVALID_CONSTANT'));
        return false;
      }
      if (head.status >= 100 && head.status < 200) continue;
      this.framing = framingOf(head.status, head.headers);
      this.clearTimer();
      this.phase = 'waiting';
      this.rejectHead = undefined;
      this.resolveHead({ status: head.status, headers: head.headers, body: this });
      return false;
    }
  }

  /** Passes the window's new bytes to the consumer, decoding the framing; notes when the body is complete. */
  private handOver(): void {
    const bytes = this.window.subarray(this.handedOut, this.filled);
    this.handedOut = this.filled;
    this.lastHandOver = performance.now();
    const pending = this.work[this.current] as Set<Promise<void>>;
    const deliver = (chunk: Buffer) => {
      const work = (this.onChunk as ChunkConsumer)(chunk);
      if (!work) return;
      const tracked: Promise<void> = work.then(
        () => void pending.delete(tracked),
        (error: Error) => {
          pending.delete(tracked);
          this.fail(error, true);
        },
      );
      pending.add(tracked);
    };
    try {
      this.complete = unframe(this.framing, bytes, deliver);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /**
   * After a hand-over, decides where the next read goes: on into the same window while it is
   * gathering, rewound when the consumer is done with it, or (in the read callback) into the
   * other window while the consumer still works on this one. Waits (socket paused) when no
   * window is free, and finishes once the body is complete and the consumer is done with it.
   * Returns whether the socket may read on now.
   */
  private proceed(inReadCallback: boolean): boolean {
    if (this.isFinished()) return false;
    const resume = () => {
      if (this.proceed(false)) this.readOn();
    };
    if (this.complete) {
      this.waitFor([...(this.work[0] as Set<Promise<void>>), ...(this.work[1] as Set<Promise<void>>)], () => this.succeed());
      return false;
    }
    if (this.handedOut < this.filled) return true;
    const here = this.work[this.current] as Set<Promise<void>>;
    if (here.size === 0) {
      if (inReadCallback) this.handedOut = this.filled = 0;
      return true;
    }
    if (!inReadCallback) {
      this.waitFor([...here], resume);
      return false;
    }
    this.current = 1 - this.current;
    this.handedOut = this.filled = 0;
    const there = this.work[this.current] as Set<Promise<void>>;
    if (there.size === 0) return true;
    this.waitFor([...there], resume);
    return false;
  }

  /** Pauses reading (and the stall timer) until the consumer's `work` is done. */
  private waitFor(work: Promise<void>[], then: () => void): void {
    this.awaitingConsumer = true;
    this.socket.setTimeout(0);
    void Promise.all(work).then(() => {
      this.awaitingConsumer = false;
      if (this.isFinished()) return;
      this.armBodyTimeout();
      then();
    });
  }

  /** The peer closed its side: the end of a close-delimited body, otherwise a cut. */
  private peerClosed(): void {
    this.peerEnded = true;
    if (this.phase === 'head') return this.fail(new SocketRequestError('the server closed the connection without answering', 'UND_ERR_SOCKET'));
    // While waiting (for pump, or for the consumer) this is picked up by readOn().
    if (this.phase !== 'body' || this.awaitingConsumer) return;
    this.handOver();
    if (this.framing.kind === 'close') this.complete = true;
    if (this.proceed(false)) this.fail(new SocketRequestError('the server closed the connection before the body was complete', 'UND_ERR_SOCKET'));
  }

  /** Lets the socket read again (outside the read callback), or handles an end that came meanwhile. */
  private readOn(): void {
    if (this.peerEnded) this.peerClosed();
    else this.socket.resume();
  }

  private succeed(): void {
    const settle = this.settleBody;
    this.finish();
    settle?.resolve();
  }

  /**
   * Stops with `error`. Bytes already received are handed over first (they extend the .part
   * file) unless the consumer is what failed; pending consumer work is left to the consumer.
   */
  private fail(error: Error, fromConsumer = false): void {
    if (this.isFinished()) return;
    if (this.phase === 'body' && !fromConsumer && !this.failure && this.filled > this.handedOut) {
      this.failure = error;
      this.handOver();
      if (this.complete && !this.isFinished()) {
        this.proceed(false);
        return;
      }
    }
    this.failure = error;
    const rejectHead = this.rejectHead;
    const settle = this.settleBody;
    this.finish();
    rejectHead?.(error);
    settle?.reject(error);
  }

  private armBodyTimeout(): void {
    this.socket.setTimeout(this.options.bodyTimeoutMs);
  }

  /** A method, not a field read, so TypeScript does not assume the phase survives a hand-over. */
  private isFinished(): boolean {
    return this.phase === 'finished';
  }

  private finish(): void {
    if (this.phase === 'finished') return;
    this.phase = 'finished';
    this.rejectHead = undefined;
    this.settleBody = undefined;
    this.onChunk = undefined;
    this.clearTimer();
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.socket.setTimeout(0);
    this.socket.destroy();
    // A window the consumer still works on (after a failure) stays its own.
    this.windows.forEach((window, i) => {
      if (window && this.work[i]?.size === 0 && idleWindows.length < maxIdleWindows) idleWindows.push(window);
    });
    this.windows.length = 0;
  }

  private startTimer(ms: number, code: string, what: string): void {
    this.clearTimer();
    this.timer = setTimeout(() => this.fail(new SocketRequestError(`${what} (${Math.round(ms / 1000)} s)`, code)), ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
