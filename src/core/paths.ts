/**
 * Where state lives. RUNWAY_CONFIG_DIR relocates everything (config, keys, journal, the
 * in-process simulator's tasks); otherwise the platform's config and state directories.
 * Directories are created 0700 from the start, never chmod-ed afterwards.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors.js';
import { fsReason } from './files/fs-reason.js';
import { makeDirs } from './files/make-dirs.js';

export interface StateDirs {
  config: string;
  state: string;
}

/** `~` and `~/…` as the shell would have expanded them: a quoted path, a config value or a batch field reaches us unexpanded. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
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

/** A state directory that cannot be written (read-only HOME in a container, a file in the way). */
export function stateDirError(dir: string, error: unknown, consequence = ''): UsageError | undefined {
  const reason = fsReason(error);
  if (!reason) return undefined;
  return new UsageError(`Cannot write runway's state directory ${dir}: ${reason}${consequence}.`, {
    cause: error,
    hint: 'Make it writable, or point RUNWAY_CONFIG_DIR at a writable directory (it holds the config, keys and task journal).',
  });
}

export function ensurePrivateDir(dir: string): string {
  try {
    makeDirs(dir, 0o700);
  } catch (error) {
    throw stateDirError(dir, error) ?? error;
  }
  return dir;
}
