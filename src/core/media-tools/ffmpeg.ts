/**
 * ffmpeg and ffprobe, found on PATH or through FFMPEG_PATH / FFPROBE_PATH. Only the commands that
 * join or cut video need them; when they are missing (or a variable names something else) those
 * commands exit 2 before anything is sent or written, saying how to install them.
 *
 * Every run is given no stdin (a file named "-" can never make a tool wait for input), and every
 * file is passed as `file:<absolute path>`, so no name is ever read as an option or a protocol.
 */
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { DownloadError, UsageError } from '../errors.js';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

const installHint =
  'Install ffmpeg: `sudo apt-get install ffmpeg` (Debian/Ubuntu), `brew install ffmpeg` (macOS), `winget install ffmpeg` ' +
  '(Windows); or point FFMPEG_PATH and FFPROBE_PATH at the binaries.';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(executable);
}

/** A tool named by a variable: it must run and say it is that tool (`/bin/true` would "succeed" at everything). */
function checkNamed(name: 'ffmpeg' | 'ffprobe', variable: string, path: string): string {
  const refuse = (why: string) =>
    new UsageError(`${variable}=${path} ${why}; this command needs ${name}. Nothing was sent or written.`, { hint: installHint });
  if (!executable(path)) throw refuse('is not an executable file');
  let banner: string;
  try {
    banner = execFileSync(path, ['-version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).toString();
  } catch {
    throw refuse(`does not run as \`${name} -version\``);
  }
  if (!banner.startsWith(`${name} version`)) throw refuse(`does not answer \`-version\` as ${name} does`);
  return path;
}

export function findMediaTools(env: NodeJS.ProcessEnv = process.env): MediaTools {
  const ffmpeg = env.FFMPEG_PATH ? checkNamed('ffmpeg', 'FFMPEG_PATH', env.FFMPEG_PATH) : onPath('ffmpeg', env);
  const ffprobe = env.FFPROBE_PATH ? checkNamed('ffprobe', 'FFPROBE_PATH', env.FFPROBE_PATH) : onPath('ffprobe', env);
  if (!ffmpeg || !ffprobe) {
    throw new UsageError(
      `${!ffmpeg ? 'ffmpeg' : 'ffprobe'} was not found (on PATH, or through ${!ffmpeg ? 'FFMPEG_PATH' : 'FFPROBE_PATH'}); ` +
        `this command needs it. Nothing was sent or written.`,
      {
        hint: installHint,
      },
    );
  }
  return { ffmpeg, ffprobe };
}

/** A file as ffmpeg must read it: a path, never an option, a protocol or stdin. */
export function fileArg(path: string): string {
  return `file:${resolve(path)}`;
}

/** What a failed run said that a user can act on: a full disk is a disk problem (exit 8), not a bug. */
function toolFailure(file: string, stderr: string, fallback: string): Error {
  const said = stderr.trim().split('\n').slice(-3).join(' ') || fallback;
  if (/No space left on device|Disk quota exceeded/i.test(said)) {
    return new DownloadError(`${file.split('/').pop()} could not write its output: the disk is full.`, {
      hint: 'Free some space and run the same command again: what was saved is kept.',
    });
  }
  return new Error(`${file.split('/').pop()} failed: ${said}`);
}

/** Runs a tool to completion (no stdin); its stderr's last lines become the error when it fails. */
export function runTool(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      // The last lines say why; a chatty tool must not fill memory.
      err = (err + chunk.toString()).slice(-16_384);
    });
    child.on('error', (error) => reject(toolFailure(file, '', error.message)));
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(Buffer.concat(out).toString());
      else reject(toolFailure(file, err, signal ? `killed by ${signal}` : `exit code ${code}`));
    });
  });
}
