/**
 * The config store (conf): settings, stored API keys and user-defined providers, in one JSON
 * file created 0600 inside a 0700 directory.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Conf from 'conf';
import { AuthError, UsageError } from '../errors.js';
import { keyringCall } from './keyring.js';
import { ensurePrivateDir, expandHome, stateDirError, stateDirs } from '../paths.js';
import { protocolIds } from '../../providers/types.js';
import { fsReason } from '../files/fs-reason.js';

export interface UserProvider {
  protocol?: string;
  'base-url'?: string;
  'poll-interval'?: number;
}

interface StoreShape {
  'default-provider'?: string;
  'out-dir'?: string;
  'poll-interval'?: number;
  timeout?: number;
  output?: string;
  keys?: Record<string, string>;
  /** Providers whose key is kept in the OS keyring instead of `keys`. */
  keyring?: string[];
  'key-store'?: 'file' | 'keyring';
  providers?: Record<string, UserProvider>;
}

/** Where a stored key lives: this file (0600), or the OS keyring. */
export type KeyPlace = 'file' | 'keyring';

function absoluteDir(value: string): string {
  if (!value.trim()) throw new UsageError('out-dir needs a directory; `runway config unset out-dir` goes back to the current directory.');
  return resolve(expandHome(value));
}

/** Settable keys, their meaning and how to parse them. `providers.<name>.*` is handled apart. */
export const settings: Record<string, { help: string; parse: (value: string) => string | number }> = {
  'default-provider': { help: 'provider used when --provider is not given', parse: (v) => v },
  // Stored absolute: a relative value would follow whichever directory runway is started from.
  'out-dir': { help: 'directory for saved videos when --out is not given', parse: absoluteDir },
  'poll-interval': { help: 'minimum seconds between status polls', parse: positiveNumber('poll-interval') },
  timeout: { help: 'seconds to wait for a task before giving up (0 = no limit)', parse: nonNegativeNumber('timeout') },
  output: { help: 'default output file name template (see --output)', parse: (v) => v },
  'key-store': {
    help: 'where `auth set` keeps keys: file (this 0600 file, the default) or keyring (the OS keyring)',
    parse: (v) => {
      if (v !== 'file' && v !== 'keyring') throw new UsageError(`key-store is file or keyring (got "${v}").`);
      return v;
    },
  },
};

const providerSettings: Record<string, (value: string) => string | number> = {
  protocol: (v) => {
    if (!(protocolIds as readonly string[]).includes(v))
      throw new UsageError(`Unknown protocol "${v}"; use one of: ${protocolIds.join(', ')}.`);
    return v;
  },
  'base-url': (v) => {
    try {
      const url = new URL(v);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
    } catch {
      throw new UsageError(`"${v}" is not an http(s) URL.`);
    }
    return v.replace(/\/+$/, '');
  },
  'poll-interval': positiveNumber('poll-interval'),
};

function positiveNumber(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`${name} must be a positive number of seconds (got "${v}").`);
    return n;
  };
}

function nonNegativeNumber(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!(Number.isFinite(n) && n >= 0)) throw new UsageError(`${name} must be a number of seconds, 0 or more (got "${v}").`);
    return n;
  };
}

function readPath(data: unknown, path: string): unknown {
  let value = data;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Reads parse the JSON file directly; conf (and the schema validator it loads, ~16 MB and
 * tens of milliseconds) is imported only to write, where its atomic, mode-preserving writes
 * and dot-path setters earn their place.
 */
export class ConfigStore {
  readonly path: string;
  private data: StoreShape;

  constructor(private readonly dir: string = stateDirs().config) {
    ensurePrivateDir(dir);
    this.path = join(dir, 'config.json');
    this.data = this.read();
  }

  private read(): StoreShape {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new UsageError(`The config file ${this.path} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
    }
    let data: unknown;
    try {
      data = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      throw new UsageError(`The config file in ${this.dir} is not valid JSON: ${(error as Error).message}`, {
        hint: `Fix or delete ${this.path} (stored API keys are in it), then run the command again.`,
      });
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw new UsageError(`The config file ${this.path} does not hold a JSON object.`, { hint: `Fix or delete ${this.path}.` });
    }
    return data;
  }

  private async write(change: (conf: Conf<StoreShape>) => void): Promise<void> {
    const { default: Conf } = await import('conf');
    try {
      const conf = new Conf<StoreShape>({
        projectName: 'runway',
        cwd: this.dir,
        configName: 'config',
        configFileMode: 0o600,
        clearInvalidConfig: false,
      });
      change(conf);
    } catch (error) {
      throw stateDirError(this.dir, error, '; nothing was changed') ?? error;
    }
    this.data = this.read();
  }

  get(key: string): unknown {
    return readPath(this.data, key);
  }

  setting(key: keyof typeof settings): string | number | undefined {
    const value: unknown = (this.data as Record<string, unknown>)[key];
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  }

  /** Validates and stores `config set` input. */
  async set(key: string, raw: string): Promise<string | number> {
    const providerKey = /^providers\.([a-z0-9][a-z0-9_-]*)\.([a-z-]+)$/i.exec(key);
    if (providerKey) {
      const [, name, field] = providerKey as unknown as [string, string, string];
      const parse = providerSettings[field];
      if (!parse) throw new UsageError(`Unknown provider setting "${field}"; use one of: ${Object.keys(providerSettings).join(', ')}.`);
      const value = parse(raw);
      await this.write((conf) => conf.set(`providers.${name}.${field}` as keyof StoreShape, value as never));
      return value;
    }
    const setting = settings[key];
    if (!setting) {
      throw new UsageError(`Unknown setting "${key}".`, {
        hint:
          `Settable: ${Object.keys(settings).join(', ')}, providers.<name>.protocol|base-url|poll-interval. Keys are ` +
          `stored with \`runway auth set\`.`,
      });
    }
    const value = setting.parse(raw);
    await this.write((conf) => conf.set(key as keyof StoreShape, value as never));
    return value;
  }

  async unset(key: string): Promise<void> {
    await this.write((conf) => conf.delete(key as keyof StoreShape));
  }

  /** Everything except stored keys. */
  list(): Record<string, unknown> {
    const { keys: _keys, keyring: _keyring, ...rest } = this.data;
    return rest;
  }

  userProviders(): Record<string, UserProvider> {
    const value = this.data.providers;
    return value && typeof value === 'object' ? value : {};
  }

  /** Where the provider's stored key lives, if it has one. */
  keyPlace(provider: string): KeyPlace | undefined {
    if (this.data.keyring?.includes(provider)) return 'keyring';
    const key = this.data.keys?.[provider];
    return typeof key === 'string' && key ? 'file' : undefined;
  }

  /**
   * The stored key. One kept in the OS keyring is read from it (2 s at most); a keyring that does
   * not answer is an AuthError naming it, never a silent fall-through to another key.
   */
  storedKey(provider: string): string | undefined {
    if (this.keyPlace(provider) === 'keyring') {
      const answer = keyringCall('get', provider);
      if (!answer.ok)
        throw new AuthError(`The key for ${provider} is kept in the OS keyring, which ${answer.reason}.`, {
          hint: 'Unlock the keyring (or start its agent), give the key another way (--api-key, an environment variable), or `runway auth move <provider> --to file`.',
        });
      return answer.value ?? undefined;
    }
    const key = this.data.keys?.[provider];
    return typeof key === 'string' && key ? key : undefined;
  }

  /** The stored key, or undefined where it cannot be read now (for showing, never for sending). */
  peekStoredKey(provider: string): string | undefined {
    try {
      return this.storedKey(provider);
    } catch {
      return undefined;
    }
  }

  /** Where `auth set` keeps a key unless told: the key-store setting, else the file. */
  defaultKeyPlace(): KeyPlace {
    return this.data['key-store'] === 'keyring' ? 'keyring' : 'file';
  }

  /** Stores the key in one place and removes it from the other: a key lives in one place only. */
  async storeKey(provider: string, key: string, place: KeyPlace = 'file'): Promise<void> {
    if (place === 'keyring') {
      const answer = keyringCall('set', provider, key);
      if (!answer.ok)
        throw new AuthError(`The OS keyring ${answer.reason}; the key was not stored (not in the file either).`, {
          hint: 'On Linux the keyring is the Secret Service (GNOME Keyring, KWallet) on a D-Bus session; without one, store the key in the 0600 file: `runway auth set <provider>` without --keyring.',
        });
    }
    await this.write((conf) => {
      const keys = { ...(conf.get('keys') ?? {}) };
      if (place === 'file') keys[provider] = key;
      else delete keys[provider];
      conf.set('keys', keys);
      const listed = (conf.get('keyring') ?? []).filter((p) => p !== provider);
      conf.set('keyring', place === 'keyring' ? [...listed, provider] : listed);
    });
    if (place === 'file' && this.data.keyring?.includes(provider)) keyringCall('delete', provider);
  }

  /** Removes the provider's key from the file and from the keyring. */
  async removeKey(provider: string): Promise<boolean> {
    const place = this.keyPlace(provider);
    if (place === undefined) return false;
    if (place === 'keyring') {
      const answer = keyringCall('delete', provider);
      if (!answer.ok) throw new AuthError(`The OS keyring ${answer.reason}; the key was not removed from it.`);
    }
    await this.write((conf) => {
      const keys = { ...(conf.get('keys') ?? {}) };
      delete keys[provider];
      conf.set('keys', keys);
      conf.set(
        'keyring',
        (conf.get('keyring') ?? []).filter((p) => p !== provider),
      );
    });
    return true;
  }
}
