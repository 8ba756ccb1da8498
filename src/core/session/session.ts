/**
 * One command's connection to one provider: resolved preset and base URL, key (looked up only
 * when a request needs it, so input errors are reported before key errors), HTTP client,
 * clock, journal, and — for `--provider sim` — the in-process simulator, which the caller
 * starts (core knows nothing of the simulator but its base URL).
 */
import { join } from 'node:path';
import { ConfigStore } from './config.js';
import { HttpClient, type Credentials, type JsonResponse } from '../http/client.js';
import { Journal } from '../journal/journal.js';
import { JobLocks } from '../journal/job-lock.js';
import { findKey, requireKey, type ResolvedKey } from './keys.js';
import { stateDirError, stateDirs } from '../paths.js';
import { allProviders, chosenBaseUrl, findProvider, resolveProvider, type ResolvedProvider } from './providers.js';
import { scaledClock, systemClock, type Clock } from '../clock.js';
import { UsageError } from '../errors.js';
import { defaultProvider } from './defaults.js';
import { PriceBook } from '../cost/price-book.js';
import type { EventSink } from '../events.js';
import type { RequestKind } from '../http/retry.js';
import type { RequestSpec } from '../../providers/types.js';
import type { ProviderPreset } from '../../providers/presets.js';

export interface SessionOptions {
  provider?: string | undefined;
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  allowInsecure?: boolean | undefined;
  debug?: boolean | undefined;
  /** Seconds; at least the provider's minimum. */
  pollInterval?: number | undefined;
  /** Seconds to wait for a task; 0 means no limit. */
  timeout?: number | undefined;
  /** Seconds without a byte before a download is aborted and resumed. */
  stallTimeout?: number | undefined;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal | undefined;
  events: EventSink;
  /** An already-open config store (batch shares one). */
  config?: ConfigStore;
  /** Use this preset instead of looking one up (e.g. the provider a journal entry names). */
  preset?: ProviderPreset;
  /** Starts the in-process simulator for `--provider sim` (state kept under `persistDir`). */
  startSimulator?: (persistDir: string) => Promise<SimHandle>;
}

/** Accepted by the in-process simulator; never a real credential. */
export const simKey = 'key_simulator0000000000000000000000000000';

const defaultTimeoutSec = 30 * 60;

export interface SimHandle {
  apiUrl: string;
  close(): Promise<void>;
}

export class Session {
  readonly provider: ResolvedProvider;
  readonly config: ConfigStore;
  readonly journal: Journal;
  readonly locks: JobLocks;
  readonly clock: Clock;
  readonly http: HttpClient;
  readonly events: EventSink;
  readonly signal: AbortSignal | undefined;
  readonly minPollMs: number;
  /** Infinity when there is no limit. */
  readonly timeoutMs: number;
  private key: ResolvedKey | undefined;
  private readonly options: SessionOptions;
  private sim: SimHandle | undefined;
  private apiBase: string;

  constructor(options: SessionOptions, provider: ResolvedProvider, config: ConfigStore) {
    const env = options.env ?? process.env;
    this.options = options;
    this.provider = provider;
    this.apiBase = provider.baseUrl;
    this.config = config;
    this.events = options.events;
    this.signal = options.signal;
    this.journal = new Journal(stateDirs(env).state);
    this.locks = new JobLocks(stateDirs(env).state);
    this.clock = scaledClock(Number(env.RUNWAY_TIME_SCALE) || 1, systemClock);
    const configured = (key: 'poll-interval' | 'timeout') => {
      const value = config.setting(key);
      return value === undefined ? undefined : Number(value);
    };
    const pollSec = options.pollInterval ?? configured('poll-interval');
    this.minPollMs = pollSec !== undefined ? pollSec * 1000 : provider.preset.minPollMs;
    const timeoutSec = options.timeout ?? configured('timeout') ?? defaultTimeoutSec;
    this.timeoutMs = timeoutSec === 0 ? Infinity : timeoutSec * 1000;
    this.http = new HttpClient({
      clock: this.clock,
      bodyTimeoutMs: (options.stallTimeout ?? 30) * 1000,
      onTrace: options.debug ? (line) => this.events({ type: 'trace', line }) : undefined,
      onRetry: (info) => this.events({ type: 'retry', ...info }),
      // The in-process simulator listens on this machine's loopback, which no proxy can reach.
      direct: provider.preset.inProcess === true && options.baseUrl === undefined,
    });
  }

  private priceBook: PriceBook | undefined;

  /** Published prices and the ones learned from this provider's answers (kept beside the journal). */
  get prices(): PriceBook {
    this.priceBook ??= PriceBook.at(stateDirs(this.options.env ?? process.env).state);
    return this.priceBook;
  }

  get name(): string {
    return this.provider.preset.name;
  }

  get baseUrl(): string {
    return this.apiBase;
  }

  /** Where this session's tasks are recorded as created: the base URL, or for the in-process simulator its stable name (its port changes every run). */
  get recordedBaseUrl(): string {
    return this.provider.preset.inProcess && this.apiBase === this.sim?.apiUrl ? this.provider.preset.baseUrl : this.apiBase;
  }

  /** The key, looked up on first use; throws AuthError (exit 3) when there is none. */
  requireKey(): ResolvedKey {
    if (this.key) return this.key;
    const { preset } = this.provider;
    const env = this.options.env ?? process.env;
    const sources = {
      flag: this.options.apiKey,
      env,
      stored: () => this.config.storedKey(preset.name),
      storedIn: this.config.keyPlace(preset.name) === 'keyring' ? 'keyring' : 'store',
    };
    this.key = preset.inProcess ? (findKey(preset, sources) ?? { key: simKey, source: 'simulator' }) : requireKey(preset, sources);
    return this.key;
  }

  credentials(): Credentials {
    const { key } = this.requireKey();
    return { origin: new URL(this.baseUrl).origin, headers: this.provider.adapter.authHeaders(key) };
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  async call(
    spec: RequestSpec,
    options: { kind: RequestKind; purpose: string; deadline?: number; acceptStatus?: (status: number) => boolean; maxRetries?: number },
  ): Promise<JsonResponse> {
    return this.http.json({
      method: spec.method,
      url: this.url(spec.path),
      kind: options.kind,
      json: spec.body,
      auth: this.credentials(),
      signal: this.signal,
      deadline: options.deadline,
      acceptStatus: options.acceptStatus,
      purpose: options.purpose,
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    });
  }

  /** Starts the in-process simulator for `--provider sim`. */
  async startSimulator(): Promise<void> {
    if (!this.provider.preset.inProcess || this.provider.baseUrl !== this.provider.preset.baseUrl) return;
    const env = this.options.env ?? process.env;
    const start = this.options.startSimulator;
    if (!start) throw new UsageError(`The ${this.provider.preset.name} provider runs in-process and this command cannot start it.`);
    const persistDir = join(stateDirs(env).state, 'sim');
    this.sim = await start(persistDir).catch((error: unknown) => {
      throw stateDirError(persistDir, error) ?? error;
    });
    this.apiBase = this.sim.apiUrl;
  }

  /**
   * The same connection (key, HTTP client, journal, locks) for one part of the work with its own
   * interruption and listener: a server's tool call, stopped by its client, reporting to it.
   * Closing stays with the session it came from.
   */
  scoped(scope: { signal?: AbortSignal | undefined; events?: EventSink | undefined }): Session {
    const copy = Object.create(Session.prototype) as Session;
    Object.assign(copy, this, {
      ...(scope.signal !== undefined ? { signal: scope.signal } : {}),
      ...(scope.events !== undefined ? { events: scope.events } : {}),
      close: () => Promise.resolve(),
    });
    return copy;
  }

  async close(): Promise<void> {
    this.locks.releaseAll();
    await this.http.close().catch(() => undefined);
    await this.sim?.close();
  }
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const config = options.config ?? new ConfigStore(stateDirs(options.env ?? process.env).config);
  const name = defaultProvider(config, options.provider);
  const preset = options.preset ?? findProvider(name, config.userProviders());
  const provider = resolveProvider(
    preset,
    chosenBaseUrl(preset, options.baseUrl, options.env ?? process.env),
    options.allowInsecure ?? false,
  );
  const session = new Session(options, provider, config);
  await session.startSimulator();
  return session;
}

export function knownProviders(config: ConfigStore): ProviderPreset[] {
  return allProviders(config.userProviders());
}
