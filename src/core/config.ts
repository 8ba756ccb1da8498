/**
 * The config store (conf): settings, stored API keys and user-defined providers, in one JSON
 * file created 0600 inside a 0700 directory.
 */
import Conf from 'conf';
import { UsageError } from './errors.js';
import { ensurePrivateDir, stateDirs } from './paths.js';
import { protocolIds } from '../providers/types.js';

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
  providers?: Record<string, UserProvider>;
}

/** Settable keys, their meaning and how to parse them. `providers.<name>.*` is handled apart. */
export const settings: Record<string, { help: string; parse: (value: string) => string | number }> = {
  'default-provider': { help: 'provider used when --provider is not given', parse: (v) => v },
  'out-dir': { help: 'directory for saved videos when --out is not given', parse: (v) => v },
  'poll-interval': { help: 'minimum seconds between status polls', parse: positiveNumber('poll-interval') },
  timeout: { help: 'seconds to wait for a task before giving up (0 = no limit)', parse: nonNegativeNumber('timeout') },
  output: { help: 'default output file name template (see --output)', parse: (v) => v },
};

const providerSettings: Record<string, (value: string) => string | number> = {
  protocol: (v) => {
    if (!(protocolIds as readonly string[]).includes(v)) throw new UsageError(`Unknown protocol "${v}"; use one of: ${protocolIds.join(', ')}.`);
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

export class ConfigStore {
  private readonly conf: Conf<StoreShape>;

  constructor(dir: string = stateDirs().config) {
    ensurePrivateDir(dir);
    try {
      this.conf = new Conf<StoreShape>({
        projectName: 'runway',
        cwd: dir,
        configName: 'config',
        configFileMode: 0o600,
        clearInvalidConfig: false,
      });
    } catch (error) {
      throw new UsageError(`The config file in ${dir} is not valid JSON: ${(error as Error).message}`, {
        hint: `Fix or delete ${dir}/config.json (stored API keys are in it), then run the command again.`,
      });
    }
    const data = this.conf.store as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw new UsageError(`The config file ${this.conf.path} does not hold a JSON object.`, { hint: `Fix or delete ${this.conf.path}.` });
    }
  }

  get path(): string {
    return this.conf.path;
  }

  get(key: string): unknown {
    return this.conf.get(key as keyof StoreShape);
  }

  setting(key: keyof typeof settings & keyof StoreShape): string | number | undefined {
    const value = this.conf.get(key);
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  }

  /** Validates and stores `config set` input. */
  set(key: string, raw: string): string | number {
    const providerKey = /^providers\.([a-z0-9][a-z0-9_-]*)\.([a-z-]+)$/i.exec(key);
    if (providerKey) {
      const [, name, field] = providerKey as unknown as [string, string, string];
      const parse = providerSettings[field];
      if (!parse) throw new UsageError(`Unknown provider setting "${field}"; use one of: ${Object.keys(providerSettings).join(', ')}.`);
      const value = parse(raw);
      this.conf.set(`providers.${name}.${field}` as keyof StoreShape, value as never);
      return value;
    }
    const setting = settings[key];
    if (!setting) {
      throw new UsageError(`Unknown setting "${key}".`, {
        hint: `Settable: ${Object.keys(settings).join(', ')}, providers.<name>.protocol|base-url|poll-interval. Keys are stored with \`runway auth set\`.`,
      });
    }
    const value = setting.parse(raw);
    this.conf.set(key as keyof StoreShape, value as never);
    return value;
  }

  unset(key: string): void {
    this.conf.delete(key as keyof StoreShape);
  }

  /** Everything except stored keys. */
  list(): Record<string, unknown> {
    const { keys: _keys, ...rest } = this.conf.store;
    return rest;
  }

  userProviders(): Record<string, UserProvider> {
    const value = this.conf.get('providers');
    return value && typeof value === 'object' ? value : {};
  }

  storedKey(provider: string): string | undefined {
    const keys = this.conf.get('keys');
    const key = keys && typeof keys === 'object' ? keys[provider] : undefined;
    return typeof key === 'string' && key ? key : undefined;
  }

  storeKey(provider: string, key: string): void {
    this.conf.set('keys', { ...(this.conf.get('keys') ?? {}), [provider]: key });
  }

  removeKey(provider: string): boolean {
    const keys = { ...(this.conf.get('keys') ?? {}) };
    if (!(provider in keys)) return false;
    delete keys[provider];
    this.conf.set('keys', keys);
    return true;
  }

  storedKeyProviders(): string[] {
    return Object.keys(this.conf.get('keys') ?? {});
  }
}
