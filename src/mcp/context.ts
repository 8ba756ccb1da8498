/**
 * What the server holds across tool calls: its settings (chosen by whoever started it, never by a
 * tool argument), one session per provider, the roots local inputs must be under, the folder
 * outputs go to, and the server-wide budget. Each call gets its session scoped to the client's
 * cancellation and progress token.
 */
import { resolve } from 'node:path';
import { openSession, type Session } from '../core/session/session.js';
import { ConfigStore } from '../core/session/config.js';
import { stateDirs, expandHome } from '../core/paths.js';
import { allProviders } from '../core/session/providers.js';
import { defaultProvider } from '../core/session/defaults.js';
import { Roots } from '../core/inputs/confine.js';
import { UsageError } from '../core/errors.js';
import { startInProcessSimulator } from '../cli/session/in-process-sim.js';
import { ProgressReporter, type ProgressChannel } from './progress.js';

export interface McpOptions {
  provider?: string | undefined;
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  allowInsecure?: boolean | undefined;
  out?: string | undefined;
  pollInterval?: number | undefined;
  /** Credits the server may spend in all, counted from the journal. */
  maxCredits?: number | undefined;
  /** --root: where local inputs may be; none given, the client's roots, else the working directory. */
  roots: string[];
  /** A tool may name one of the configured providers (never a URL or a key). */
  allowProviderChoice: boolean;
}

/** How a call reaches its client: cancellation, and progress where the client asked for it. */
export interface CallScope {
  signal: AbortSignal;
  progress?: ProgressChannel | undefined;
}

export class McpContext {
  readonly config = new ConfigStore(stateDirs().config);
  readonly startedAt = new Date();
  private readonly sessions = new Map<string, Promise<Session>>();

  constructor(
    readonly options: McpOptions,
    /** The client's roots as paths, when it has any. */
    private readonly clientRoots: () => Promise<string[] | undefined>,
  ) {}

  /** The providers a tool may name (with --allow-provider-choice). */
  providerNames(): string[] {
    return allProviders(this.config.userProviders()).map((p) => p.name);
  }

  defaultProviderName(): string {
    return defaultProvider(this.config, this.options.provider);
  }

  private open(name: string | undefined): Promise<Session> {
    const chosen = name ?? this.defaultProviderName();
    if (name !== undefined && name !== this.defaultProviderName()) {
      if (!this.options.allowProviderChoice)
        throw new UsageError('provider: this server uses one provider; it was not started with --allow-provider-choice.');
      if (!this.providerNames().includes(name))
        throw new UsageError(`provider: "${name}" is not a configured provider (${this.providerNames().join(', ')}).`);
    }
    let session = this.sessions.get(chosen);
    if (!session) {
      const own = chosen === this.defaultProviderName();
      session = openSession({
        provider: chosen,
        // The server's base URL and key are its provider's only: another provider uses its own configuration.
        baseUrl: own ? this.options.baseUrl : undefined,
        apiKey: own ? this.options.apiKey : undefined,
        allowInsecure: this.options.allowInsecure,
        pollInterval: this.options.pollInterval,
        events: () => undefined,
        config: this.config,
        startSimulator: startInProcessSimulator,
      });
      this.sessions.set(chosen, session);
      session.catch(() => this.sessions.delete(chosen));
    }
    return session;
  }

  /** A call's session: the provider's, stopped by the client's cancellation and reporting progress to it. */
  async session(scope: CallScope, provider?: string): Promise<Session> {
    const session = await this.open(provider);
    return session.scoped({ signal: scope.signal, events: new ProgressReporter(scope.progress).sink });
  }

  /** Where local inputs may be: --root, else the client's roots, else the working directory. */
  async roots(): Promise<Roots> {
    if (this.options.roots.length > 0) return new Roots(this.options.roots);
    const client = await this.clientRoots().catch(() => undefined);
    return new Roots(client && client.length > 0 ? client : [process.cwd()]);
  }

  /** Where every output goes: --out, else the out-dir setting, else the working directory. */
  outDir(): string {
    return resolve(expandHome(this.options.out ?? (this.config.setting('out-dir') as string | undefined) ?? process.cwd()));
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) await (await session.catch(() => undefined))?.close();
  }
}
