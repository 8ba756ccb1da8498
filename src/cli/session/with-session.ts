/** Opens a session with a progress reporter and Ctrl-C handling, runs `body`, and always cleans up. */
import { openSession, type Session, type SessionOptions } from '../../core/session/session.js';
import { createReporter, renderMode, type RenderMode, type Reporter } from '../render/progress.js';
import { onInterrupt } from './interrupt.js';
import type { ProviderFlags, WaitFlags } from '../options/flags.js';
import { startInProcessSimulator } from './in-process-sim.js';
import type { ConfigStore } from '../../core/session/config.js';
import type { ProviderPreset } from '../../providers/presets.js';

export interface CommandScope {
  session: Session;
  reporter: Reporter;
  mode: RenderMode;
}

export function sessionOptions(options: ProviderFlags & WaitFlags): Omit<SessionOptions, 'events'> {
  return {
    provider: options.provider,
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    allowInsecure: options.allowInsecure === true,
    debug: options.debug === true,
    pollInterval: options.pollInterval,
    timeout: options.timeout,
    stallTimeout: options.stallTimeout,
    startSimulator: startInProcessSimulator,
  };
}

export async function withSession<T>(
  options: ProviderFlags & WaitFlags,
  body: (scope: CommandScope) => Promise<T>,
  extra: { preset?: ProviderPreset; config?: ConfigStore; plain?: boolean } = {},
): Promise<T> {
  // Several tasks at once cannot share one spinner: they report in plain lines instead.
  const mode = { ...renderMode(options), ...(extra.plain ? { tty: false } : {}) };
  const reporter = await createReporter(mode);
  const interrupt = onInterrupt();
  let session: Session | undefined;
  try {
    session = await openSession({
      ...sessionOptions(options),
      events: reporter.sink,
      signal: interrupt.signal,
      preset: extra.preset,
      config: extra.config,
    });
    return await body({ session, reporter, mode });
  } finally {
    reporter.stop();
    interrupt.dispose();
    await session?.close();
  }
}
