/** The flags every provider command shares, parsed once: how to reach the provider, and how to show what happens. */
import { renderMode, type RenderMode } from '../render/progress.js';
import type { SessionOptions } from '../../core/session/session.js';
import type { ProviderFlags, WaitFlags } from '../options/flags.js';

/** What opens a session: everything but what the command wires in itself (events, Ctrl-C, the config store). */
export type SessionSettings = Omit<SessionOptions, 'events' | 'signal' | 'config' | 'preset' | 'env' | 'startSimulator'>;

export interface CommandBase {
  session: SessionSettings;
  mode: RenderMode;
}

export function parseBase(options: ProviderFlags & WaitFlags): CommandBase {
  const { provider, baseUrl, apiKey, pollInterval, timeout, stallTimeout } = options;
  return {
    session: {
      provider,
      baseUrl,
      apiKey,
      allowInsecure: options.allowInsecure === true,
      debug: options.debug === true,
      pollInterval,
      timeout,
      stallTimeout,
    },
    mode: renderMode(options),
  };
}

/** A command about a journaled task talks to where it was created, unless the user chose otherwise. */
export function forTask(settings: SessionSettings, where: { provider: string; baseUrl: string } | undefined): SessionSettings {
  if (!where || settings.provider !== undefined || settings.baseUrl !== undefined) return settings;
  return { ...settings, provider: where.provider, ...(where.baseUrl && where.baseUrl !== 'in-process' ? { baseUrl: where.baseUrl } : {}) };
}
