/** State shared by the simulator's routes: clock, tasks, uploads, faults, counters, signed storage links. */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultPlan, type FaultRule } from './faults.js';
import { TaskStore } from './tasks.js';
import { sendJson, sendText } from './http-util.js';
import { FrameRenderer, type FrameSource } from './render.js';
import { artifactOf, imageArtifact, jpegArtifact } from './artifact.js';
import type { SimTask } from './tasks.js';

export interface SimOptions {
  /** API port (0 = any free port). */
  port?: number;
  /** Storage port, a different origin from the API like real presigned storage (0 = any). */
  storagePort?: number;
  host?: string;
  /** Keys accepted; when empty any non-empty bearer token is accepted. */
  keys?: string[];
  /** Simulated seconds a task stays queued / runs. */
  queueSeconds?: number;
  runSeconds?: number;
  /** Simulated time runs this many times faster than real time. */
  timeScale?: number;
  artifactBytes?: number;
  faults?: string;
  /** Pro/feed answer shape: "digits" (a) or "wrapper" (b). */
  feedShape?: 'digits' | 'wrapper';
  /** Answer task_not_exist to the first N polls of every new task (gateway flavours). */
  notFoundPolls?: number;
  /** anyapi create-answer envelope. */
  anyapiEnvelope?: 'plain' | 'envelope' | 'luma' | 'rotate';
  persistDir?: string;
  /** Lifetime of artifact links, in simulated seconds. */
  linkTtlSeconds?: number;
  credits?: number;
  /** Credits per second (or per image) by model, over the simulator's own table (prices.ts). */
  prices?: Record<string, number>;
  quiet?: boolean;
  /**
   * Serve the storage origin over HTTPS with this certificate (PEM), as real presigned storage
   * is; clients trust it through NODE_EXTRA_CA_CERTS. `storageHost` names it in the URLs.
   */
  storageTls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Render clips made from a first frame (and native extensions) from that frame, where ffmpeg
   * is on this machine (default); false serves the fixture to every task.
   */
  renderFrames?: boolean;
  storageHost?: string;
}

export interface RequestRecord {
  route: string;
  method: string;
  path: string;
  origin: 'api' | 'storage' | 'other';
  authorization: boolean;
  body?: unknown;
  /** The Range header of a download, when there was one. */
  range?: string;
  at: number;
}

export class SimContext {
  readonly options: SimOptions;
  readonly store: TaskStore;
  readonly faults: FaultPlan;
  readonly counts: Record<string, number> = {};
  readonly log: RequestRecord[] = [];
  readonly uploads = new Map<
    string,
    { filename: string; mime: string; bytes?: number; etag?: string; completed?: boolean; runwayUri?: string }
  >();
  storageUrl = '';
  apiUrl = '';
  otherUrl = '';
  credits: number;
  /** Clips rendered from their first frame, where ffmpeg is available. */
  readonly renderer: FrameRenderer;
  /** anyapi answers creates in its three documented envelopes, in turn. */
  anyapiCreates = 0;
  private readonly secret = randomBytes(16);
  private readonly scale: number;
  private readonly origin = Date.now();

  constructor(options: SimOptions) {
    this.options = options;
    this.scale = options.timeScale && options.timeScale > 0 ? options.timeScale : 1;
    this.credits = options.credits ?? 1_000_000;
    this.faults = new FaultPlan(options.faults);
    this.renderer = new FrameRenderer(options.renderFrames !== false);
    this.store = new TaskStore(
      {
        queueMs: (options.queueSeconds ?? 1) * 1000,
        runMs: (options.runSeconds ?? 4) * 1000,
        artifactBytes: options.artifactBytes ?? 0,
      },
      options.persistDir,
    );
  }

  /** Simulated ms. At scale 1 this is wall-clock time, so persisted tasks line up across processes. */
  now(): number {
    return this.scale === 1 ? Date.now() : this.origin + (Date.now() - this.origin) * this.scale;
  }

  /** Real ms for a simulated duration. */
  realMs(simMs: number): number {
    return simMs / this.scale;
  }

  record(entry: Omit<RequestRecord, 'at'>): void {
    this.counts[entry.route] = (this.counts[entry.route] ?? 0) + 1;
    this.log.push({ ...entry, at: this.now() });
    // The last 20,000 to 40,000 requests: trimmed in halves, so a long run does not move the whole log on every request.
    if (this.log.length >= 40_000) this.log.splice(0, 20_000);
  }

  total(origin?: RequestRecord['origin']): number {
    return origin ? this.log.filter((r) => r.origin === origin).length : Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  /** Tasks created before this moment are left out of what `charged` counts (a test's reset). */
  chargedSince = 0;

  reset(): void {
    this.chargedSince = this.now();
    for (const key of Object.keys(this.counts)) delete this.counts[key];
    this.log.length = 0;
    this.renderer.reset();
  }

  /** The bytes a task's first output serves, when they are small enough to hold. */
  async outputBytes(task: SimTask): Promise<Buffer | undefined> {
    if (task.output === 'image')
      return (task.body as { outputFormat?: unknown }).outputFormat === 'jpeg' ? jpegArtifact() : imageArtifact();
    const rendered = await this.renderer.clip(task.id);
    if (rendered) return rendered;
    const artifact = artifactOf(task.artifactBytes, task.duration);
    return artifact.size <= 64 * 1024 * 1024 ? artifact.bytes() : undefined;
  }

  /** What a media URI given to a create holds: a data URI's bytes, or a task's output on this storage. */
  async mediaBytes(uri: unknown): Promise<Buffer | undefined> {
    if (typeof uri !== 'string') return undefined;
    const data = /^data:[^;,]+;base64,(.*)$/s.exec(uri);
    if (data) return Buffer.from(data[1] as string, 'base64');
    const own = uri.startsWith(this.storageUrl) ? /\/artifacts\/([^/]+)\/\d+\./.exec(uri) : null;
    const task = own ? this.store.get(decodeURIComponent(own[1] as string)) : undefined;
    if (task) return this.outputBytes(task);
    // A picture published on this machine (it stands for the internet): fetched, as a provider would.
    if (!own && /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?\//.test(uri)) {
      const answer = await fetch(uri).catch(() => undefined);
      return answer?.ok ? Buffer.from(await answer.arrayBuffer()) : undefined;
    }
    return undefined;
  }

  /** Renders a new task's clip from an image, or from the end of a clip, when the bytes can be had. */
  renderFrom(task: SimTask, from: { image?: unknown; clipEnd?: unknown }): void {
    if (!this.renderer.available) return;
    const uri = from.image ?? from.clipEnd;
    const pending = this.mediaBytes(uri).then((bytes): FrameSource | undefined =>
      bytes ? (from.image !== undefined ? { image: bytes } : { clipEnd: bytes }) : undefined,
    );
    this.renderer.startWhen(task.id, pending, task.duration);
  }

  acceptsKey(key: string | undefined): boolean {
    if (!key) return false;
    const keys = this.options.keys ?? [];
    return keys.length === 0 || keys.includes(key);
  }

  sign(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}|${expires}`).digest('hex').slice(0, 32);
  }

  /** A presigned-looking storage URL for `path`, valid for the configured lifetime. */
  signedUrl(path: string): string {
    const expires = Math.round(this.now() + (this.options.linkTtlSeconds ?? 24 * 3600) * 1000);
    return `${this.storageUrl}${path}?exp=${expires}&sig=${this.sign(path, expires)}`;
  }

  verify(path: string, query: URLSearchParams): 'ok' | 'expired' | 'bad' {
    const exp = Number(query.get('exp'));
    if (!exp || query.get('sig') !== this.sign(path, exp)) return 'bad';
    return exp < this.now() ? 'expired' : 'ok';
  }

  /**
   * Applies a fault that answers instead of the normal handler. Returns true when it took over
   * the response. `drop-response` is applied by the caller after processing.
   */
  applyFault(rule: FaultRule | undefined, res: ServerResponse, req: IncomingMessage): boolean {
    if (!rule) return false;
    switch (rule.action) {
      case 'status': {
        const headers: Record<string, string> = {};
        if (rule.retryAfter) headers['retry-after'] = rule.retryAfter;
        if (rule.retryAfterMs) headers['retry-after-ms'] = rule.retryAfterMs;
        sendJson(res, rule.status ?? 500, { error: `Simulated fault: HTTP ${rule.status}` }, headers);
        return true;
      }
      case 'daily-limit':
        sendJson(res, 429, { error: 'Your daily task limit has been reached.' });
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'html':
        sendText(
          res,
          502,
          '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>',
          'text/html',
        );
        return true;
      case 'redirect':
        res.writeHead(307, { location: `${this.otherUrl}/redirected${req.url ?? '/'}` });
        res.end();
        return true;
      case 'slow':
        return false;
      default:
        return false;
    }
  }
}
