/**
 * A command's session(s) with progress and Ctrl-C wired in, always cleaned up. One wrapper for
 * the commands that talk to one provider (`withSession`) and those that may talk to several
 * (`withSessions`: batch, story, watch), so no command sets this up by hand.
 */
import { openSession, type Session } from '../../core/session/session.js';
import { SessionPool } from '../../core/session/pool.js';
import { ConfigStore } from '../../core/session/config.js';
import { stateDirs } from '../../core/paths.js';
import { Journal } from '../../core/journal/journal.js';
import { createReporter, type RenderMode, type Reporter } from '../render/progress.js';
import { onInterrupt } from './interrupt.js';
import { startInProcessSimulator } from './in-process-sim.js';
import type { CommandBase } from '../parse/session.js';
import type { EventSink } from '../../core/events.js';
import type { ProviderPreset } from '../../providers/presets.js';

export interface CommandScope {
  session: Session;
  reporter: Reporter;
  mode: RenderMode;
}

export async function withSession<T>(
  base: CommandBase,
  body: (scope: CommandScope) => Promise<T>,
  extra: { preset?: ProviderPreset | undefined; config?: ConfigStore; plain?: boolean } = {},
): Promise<T> {
  // Several tasks at once cannot share one spinner: they report in plain lines instead.
  const mode = { ...base.mode, ...(extra.plain ? { tty: false } : {}) };
  const reporter = await createReporter(mode);
  const interrupt = onInterrupt();
  let session: Session | undefined;
  try {
    session = await openSession({
      ...base.session,
      events: reporter.sink,
      signal: interrupt.signal,
      preset: extra.preset,
      config: extra.config,
      startSimulator: startInProcessSimulator,
    });
    return await body({ session, reporter, mode });
  } finally {
    reporter.stop();
    interrupt.dispose();
    await session?.close();
  }
}

export interface SessionsScope {
  sessions: SessionPool;
  config: ConfigStore;
  journal: Journal;
  signal: AbortSignal;
  /** The sessions' events: to the command's reporter once it has one, until then plain lines (warnings, notices). */
  events: EventSink;
  /** Where the sessions' events go: set once the command has its reporter (batch bars are made after the check pass). */
  listen(sink: EventSink): void;
}

/** Sessions opened on first use, one per provider and base URL, all closed at the end. */
export async function withSessions<T>(base: CommandBase, body: (scope: SessionsScope) => Promise<T>): Promise<T> {
  const config = new ConfigStore(stateDirs().config);
  const interrupt = onInterrupt();
  let sink: EventSink = (await createReporter({ ...base.mode, tty: false })).sink;
  const events: EventSink = (event) => sink(event);
  const sessions = new SessionPool({
    ...base.session,
    events,
    signal: interrupt.signal,
    config,
    startSimulator: startInProcessSimulator,
  });
  try {
    const journal = new Journal(stateDirs().state);
    return await body({ sessions, config, journal, signal: interrupt.signal, events, listen: (next) => (sink = next) });
  } finally {
    interrupt.dispose();
    await sessions.closeAll();
  }
}
