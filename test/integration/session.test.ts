/** Session settings: flag over config over the provider's default; `timeout 0` means no limit. */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/core/session/config.js';
import { openSession, type Session } from '../../src/core/session/session.js';
import { tempDir } from '../helpers/cli.js';

const dirs: ReturnType<typeof tempDir>[] = [];
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  dirs.splice(0).forEach((d) => d.cleanup());
});

async function session(settings: Record<string, string>, flags: { timeout?: number; pollInterval?: number } = {}): Promise<Session> {
  const dir = tempDir();
  dirs.push(dir);
  const config = new ConfigStore(dir.path);
  for (const [key, value] of Object.entries(settings)) await config.set(key, value);
  const s = await openSession({
    provider: 'runwayml',
    events: () => undefined,
    env: { RUNWAY_CONFIG_DIR: dir.path },
    config: new ConfigStore(dir.path),
    ...flags,
  });
  sessions.push(s);
  return s;
}

describe('session settings', () => {
  it('uses the provider defaults without settings', async () => {
    const s = await session({});
    expect(s.minPollMs).toBe(5000);
    expect(s.timeoutMs).toBe(30 * 60 * 1000);
  });

  it('reads poll-interval and timeout from the config, where 0 means no limit', async () => {
    const s = await session({ 'poll-interval': '7', timeout: '0' });
    expect(s.minPollMs).toBe(7000);
    expect(s.timeoutMs).toBe(Infinity);
  });

  it('lets flags win over the config', async () => {
    const s = await session({ 'poll-interval': '7', timeout: '0' }, { timeout: 60, pollInterval: 1 });
    expect(s.minPollMs).toBe(1000);
    expect(s.timeoutMs).toBe(60_000);
  });
});
