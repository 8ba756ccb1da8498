/**
 * Where state lives. RUNWAY_CONFIG_DIR relocates everything (config, keys, journal, the
 * in-process simulator's tasks); otherwise the platform's config and state directories.
 * Directories are created 0700 from the start, never chmod-ed afterwards.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface StateDirs {
  config: string;
  state: string;
}

export function stateDirs(env: NodeJS.ProcessEnv = process.env): StateDirs {
  const override = env.RUNWAY_CONFIG_DIR;
  if (override) return { config: override, state: override };
  const home = homedir();
  if (process.platform === 'darwin') {
    const dir = join(home, 'Library', 'Application Support', 'runway');
    return { config: dir, state: dir };
  }
  if (process.platform === 'win32') {
    const appData = env.APPDATA ?? join(home, 'AppData', 'Roaming');
    const local = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
    return { config: join(appData, 'runway'), state: join(local, 'runway') };
  }
  return {
    config: join(env.XDG_CONFIG_HOME || join(home, '.config'), 'runway'),
    state: join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'runway'),
  };
}

export function ensurePrivateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
