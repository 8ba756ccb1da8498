/**
 * ffmpeg and ffprobe, found on PATH or through FFMPEG_PATH / FFPROBE_PATH. Only the commands that
 * join or cut video need them; when they are missing those commands exit 2 before anything is
 * sent or written, saying how to install them.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../errors.js';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export function findMediaTools(env: NodeJS.ProcessEnv = process.env): MediaTools {
  const ffmpeg = env.FFMPEG_PATH || onPath('ffmpeg', env);
  const ffprobe = env.FFPROBE_PATH || onPath('ffprobe', env);
  if (!ffmpeg || !ffprobe) {
    throw new UsageError(`${!ffmpeg ? 'ffmpeg' : 'ffprobe'} was not found (on PATH, or through ${!ffmpeg ? 'FFMPEG_PATH' : 'FFPROBE_PATH'}); this command needs it. Nothing was sent or written.`, {
      hint: 'Install ffmpeg: `sudo apt-get install ffmpeg` (Debian/Ubuntu), `brew install ffmpeg` (macOS), `winget install ffmpeg` (Windows); or point FFMPEG_PATH and FFPROBE_PATH at the binaries.',
    });
  }
  return { ffmpeg, ffprobe };
}

/** Runs a tool to completion; its stderr's last lines become the error when it fails. */
export function runTool(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file.split('/').pop()} failed: ${String(stderr).trim().split('\n').slice(-3).join(' ') || error.message}`));
      else resolve(stdout);
    });
  });
}
