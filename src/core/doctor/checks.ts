/**
 * `runway doctor`: what works on this machine, each check a line with what to do when it does
 * not — Node, ffmpeg, each provider's key (masked) and whether it answers, the journal, the disk
 * at the output folder, the proxy in effect. A check never throws: what it cannot tell is a
 * problem with its reason.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { findMediaTools } from '../media-tools/ffmpeg.js';
import { keySources } from '../session/auth.js';
import { allProviders } from '../session/providers.js';
import { defaultProvider, outputPlace } from '../session/defaults.js';
import { pendingTargets } from '../tasks/watch.js';
import { formatBytes } from '../format-bytes.js';
import { redact } from '../redact.js';
import type { ConfigStore } from '../session/config.js';
import type { Journal } from '../journal/journal.js';

export type CheckStatus = 'ok' | 'warn' | 'problem' | 'skipped';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it, where the status is not ok. */
  hint?: string | undefined;
}

const supportedNode = [22, 24];

export function nodeCheck(version = process.versions.node): Check {
  const major = Number(version.split('.')[0]);
  if (supportedNode.includes(major) || major > 24) return { name: 'node', status: 'ok', detail: `Node.js ${version}` };
  if (major === 20)
    return {
      name: 'node',
      status: 'warn',
      detail: `Node.js ${version} (end of life since 2026-04-30; still works)`,
      hint: 'Install Node.js 24 (active LTS) or 22: faster start-up, security fixes.',
    };
  return {
    name: 'node',
    status: 'problem',
    detail: `Node.js ${version}`,
    hint: 'runway needs Node.js 20.18.1 or newer; 22 or 24 recommended.',
  };
}

const firstLine = (path: string) =>
  execFileSync(path, ['-version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
    .toString()
    .split('\n')[0] ?? '';

export function ffmpegCheck(env: NodeJS.ProcessEnv = process.env): Check {
  try {
    const tools = findMediaTools(env);
    return {
      name: 'ffmpeg',
      status: 'ok',
      detail: `${firstLine(tools.ffmpeg).replace(/ Copyright.*/, '')}; ${firstLine(tools.ffprobe).replace(/ Copyright.*/, '')}`,
    };
  } catch (error) {
    return {
      name: 'ffmpeg',
      status: 'warn',
      detail: `not usable: ${(error as Error).message.replace(/ Nothing was sent or written\.$/, '')}`,
      hint: "Only extend, story, stitch and the gallery's posters need it: `sudo apt-get install ffmpeg`, `brew install ffmpeg`, or FFMPEG_PATH/FFPROBE_PATH.",
    };
  }
}

/** Each provider's key, where it comes from (masked); the default provider without one is a problem. */
export function keyChecks(config: ConfigStore, env: NodeJS.ProcessEnv = process.env): Check[] {
  const chosen = defaultProvider(config, undefined);
  return keySources(config, env).map((source) => {
    const where = config.keyPlace(source.provider);
    if (source.key !== null)
      return { name: `key ${source.provider}`, status: 'ok' as const, detail: `${source.key} from ${source.source}` };
    if (where === 'keyring')
      return {
        name: `key ${source.provider}`,
        status: 'problem' as const,
        detail: 'kept in the OS keyring, which cannot be read now',
        hint: 'Unlock the keyring (or start its agent), or `runway auth move ' + source.provider + ' --to file`.',
      };
    return source.provider === chosen
      ? {
          name: `key ${source.provider}`,
          status: 'problem' as const,
          detail: 'none (it is the default provider)',
          hint: `\`runway auth set ${source.provider}\`, or set ${source.envVars.join(' or ')}.`,
        }
      : { name: `key ${source.provider}`, status: 'skipped' as const, detail: 'none' };
  });
}

/** The journal: its size, the tasks not finished or not saved, those of unknown fate, and jobs another live process holds. */
export function journalCheck(journal: Journal, locks: { holder(job: string): number | undefined }): Check {
  const size = statSync(journal.path, { throwIfNoEntry: false })?.size;
  if (size === undefined) return { name: 'journal', status: 'ok', detail: `empty (${journal.path})` };
  const { targets, unknown } = pendingTargets(journal);
  const held = targets.filter((t) => t.record && locks.holder(t.record.job) !== undefined).length;
  const parts = [`${formatBytes(size)} at ${journal.path}`, `${targets.length} unfinished`, `${unknown.length} of unknown fate`];
  if (held > 0) parts.push(`${held} being finished by another runway process`);
  const status: CheckStatus = unknown.length > 0 || targets.length > held ? 'warn' : 'ok';
  return {
    name: 'journal',
    status,
    detail: parts.join(', '),
    ...(status === 'warn'
      ? {
          hint: `${targets.length > held ? '`runway watch --pending` finishes the unfinished ones. ' : ''}${unknown.length > 0 ? "`runway list --pending` shows the unknown ones: check the provider's dashboard before making them again." : ''}`.trim(),
        }
      : {}),
  };
}

export async function diskCheck(config: ConfigStore, out: string | undefined): Promise<Check> {
  const { outDir } = outputPlace(config, { out });
  try {
    const fs = await statfs(outDir);
    const free = fs.bavail * fs.bsize;
    const low = free < 1024 ** 3;
    return {
      name: 'disk',
      status: low ? 'warn' : 'ok',
      detail: `${formatBytes(free)} free at ${outDir}`,
      ...(low ? { hint: 'Less than 1 GB: long or high-resolution videos may not fit; free space or choose another --out.' } : {}),
    };
  } catch (error) {
    return {
      name: 'disk',
      status: 'problem',
      detail: `${outDir} cannot be read: ${(error as Error).message}`,
      hint: 'Create the folder, or set another with --out or `runway config set out-dir`.',
    };
  }
}

const proxyVars = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/** The proxy settings in effect, a password in them masked. */
export function proxyCheck(env: NodeJS.ProcessEnv = process.env): Check {
  const set = proxyVars.filter((name) => env[name]);
  if (set.length === 0) return { name: 'proxy', status: 'ok', detail: 'none (direct connections)' };
  return {
    name: 'proxy',
    status: 'ok',
    detail: set.map((name) => `${name}=${redact((env[name] as string).replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@'))}`).join(', '),
  };
}

/** The providers worth asking: the default one, and every other with a key. */
export function providersToReach(config: ConfigStore, env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = defaultProvider(config, undefined);
  const keyed = new Set(
    keySources(config, env)
      .filter((s) => s.key !== null)
      .map((s) => s.provider),
  );
  return allProviders(config.userProviders())
    .filter((p) => !p.inProcess && (p.name === chosen || keyed.has(p.name)))
    .map((p) => p.name);
}
