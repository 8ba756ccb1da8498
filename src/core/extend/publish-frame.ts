/**
 * Providers that take images only as public URLs (cometapi) cannot be sent a last frame from
 * disk. `--frame-url-command` names the user's own way to publish one (an object-storage copy and
 * a presigned link, say): it runs through the shell with the frame's path in $RUNWAY_FRAME, and the
 * last line it prints is the frame's URL.
 */
import { execFile } from 'node:child_process';
import { UsageError } from '../errors.js';
import { classifyMedia } from '../../providers/media-ref.js';

export function publishFrame(command: string, frame: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { env: { ...process.env, RUNWAY_FRAME: frame }, timeout: 120_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new UsageError(`--frame-url-command failed for ${frame}: ${String(stderr).trim().split('\n').slice(-2).join(' ') || error.message}`, { hint: 'Fix the command and run the same runway command again: what was made is kept.' }));
        return;
      }
      const url = String(stdout).trim().split('\n').pop()?.trim() ?? '';
      if (classifyMedia(url).kind !== 'url') {
        reject(new UsageError(`--frame-url-command printed "${url.slice(0, 80)}" as its last line, not an https:// URL.`, { hint: 'Its last line of output must be the published frame\'s URL.' }));
        return;
      }
      resolve(url);
    });
  });
}
