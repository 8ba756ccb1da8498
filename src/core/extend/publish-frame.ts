/**
 * Providers that take images only as public URLs (cometapi) cannot be sent a last frame from
 * disk. `--frame-url-command` names the user's own way to publish one (an object-storage copy and
 * a presigned link, say): it runs through the shell with the frame's path in $RUNWAY_FRAME, and the
 * last line it prints is the frame's URL. It has a time limit: when it passes, the command and
 * everything it started are stopped (its own process group), so a hung upload never hangs a run.
 */
import { spawn } from 'node:child_process';
import { UsageError } from '../errors.js';
import { classifyMedia } from '../../providers/media-ref.js';

export const defaultFrameUrlSeconds = 120;

export function publishFrame(command: string, frame: string, seconds = defaultFrameUrlSeconds): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      env: { ...process.env, RUNWAY_FRAME: frame },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const stopAll = () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopAll();
    }, seconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-64 * 1024)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-16 * 1024)));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new UsageError(`--frame-url-command could not be started: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const hint = { hint: 'Fix the command and run the same runway command again: what was made is kept.' };
      if (timedOut)
        return reject(
          new UsageError(`--frame-url-command did not finish within ${seconds} s for ${frame}; it was stopped.`, {
            hint: 'Make it faster, or give it longer with --frame-url-timeout <s>. What was made is kept.',
          }),
        );
      if (code !== 0)
        return reject(
          new UsageError(
            `--frame-url-command failed for ${frame}: ${stderr.trim().split('\n').slice(-2).join(' ') || `exit code ${code}`}`,
            hint,
          ),
        );
      const url = stdout.trim().split('\n').pop()?.trim() ?? '';
      if (classifyMedia(url).kind !== 'url')
        return reject(
          new UsageError(`--frame-url-command printed "${url.slice(0, 80)}" as its last line, not an https:// URL.`, {
            hint: "Its last line of output must be the published frame's URL.",
          }),
        );
      resolve(url);
    });
  });
}
