/** Opens a session with a progress reporter and Ctrl-C handling, runs `body`, and always cleans up. */
import { openSession, type Session, type SessionOptions } from '../core/session/session.js';
import { createReporter, renderMode, type RenderMode, type Reporter } from './render/progress.js';
import { onInterrupt } from './interrupt.js';
import { startInProcessSimulator } from './in-process-sim.js';
import type { ConfigStore } from '../core/session/config.js';
import type { ProviderPreset } from '../providers/presets.js';

export interface CommandScope {
  session: Session;
  reporter: Reporter;
  mode: RenderMode;
}

export function sessionOptions(options: Record<string, unknown>): Omit<SessionOptions, 'events'> {
  return {
    provider: options.provider as string | undefined,
    baseUrl: options.baseUrl as string | undefined,
    apiKey: options.apiKey as string | undefined,
    allowInsecure: options.allowInsecure === true,
    debug: options.debug === true,
    pollInterval: options.pollInterval as number | undefined,
    timeout: options.timeout as number | undefined,
    stallTimeout: options.stallTimeout as number | undefined,
    startSimulator: startInProcessSimulator,
  };
}

export async function withSession<T>(
  options: Record<string, unknown>,
  body: (scope: CommandScope) => Promise<T>,
  extra: { preset?: ProviderPreset; config?: ConfigStore; plain?: boolean } = {},
): Promise<T> {
  // Several tasks at once cannot share one spinner: they report in plain lines instead.
  const mode = { ...renderMode(options), ...(extra.plain ? { tty: false } : {}) };
  const reporter = await createReporter(mode);
  const interrupt = onInterrupt();
  let session: Session | undefined;
  try {
    session = await openSession({ ...sessionOptions(options), events: reporter.sink, signal: interrupt.signal, preset: extra.preset, config: extra.config });
    return await body({ session, reporter, mode });
  } finally {
    reporter.stop();
    interrupt.dispose();
    await session?.close();
  }
}
