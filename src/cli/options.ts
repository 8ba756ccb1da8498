/** Option sets shared by several commands, and value parsers with messages that name the allowed values. */
import { createRequire } from 'node:module';
import type { Command } from 'commander';

const { InvalidArgumentError } = createRequire(import.meta.url)('commander') as typeof import('commander');

export function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max} (got "${value}").`);
    }
    return n;
  };
}

/** A non-negative number; `what` names it in the message, e.g. "a number of seconds". */
export function amount(name: string, what: string, allowZero = false) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
      throw new InvalidArgumentError(`${name} must be ${what}${allowZero ? ', 0 or more' : ' above 0'} (got "${value}").`);
    }
    return n;
  };
}

export const seconds = (name: string, allowZero = false) => amount(name, 'a number of seconds', allowZero);

export function fraction(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`${name} must be between 0 and 1 (got "${value}").`);
    return n;
  };
}

export function providerOptions(cmd: Command): Command {
  return cmd
    .option('--provider <name>', 'provider preset or user-defined provider (default: config default-provider, else runwayml)')
    .option('--base-url <url>', "override the provider's base URL")
    .option('--api-key <key>', 'API key (prefer `runway auth set` or an env var: flags end up in shell history)')
    .option('--allow-insecure', 'allow a plain http:// base URL that is not loopback')
    .option('--json', 'print results as JSON, one object per task')
    .option('-q, --quiet', 'print nothing but results and errors')
    .option('--debug', 'trace every request (method, URL, status, timing; keys redacted) to stderr');
}

export function waitOptions(cmd: Command): Command {
  return cmd
    .option('--out <dir>', 'directory for saved videos (default: config out-dir, else the current directory)')
    .option('-o, --output <template>', 'file name template, e.g. "{model}-{seed}-{prompt:30}" (see README)')
    .option('--write-info-json', 'write <file>.json beside each video with everything needed to reproduce it')
    .option('--poll-interval <sec>', "minimum seconds between status checks (default: the provider's)", seconds('--poll-interval'))
    .option('--timeout <sec>', 'give up waiting after this many seconds; the task keeps running (0 = never; default 1800)', seconds('--timeout', true))
    .option('--stall-timeout <sec>', 'abort and resume a download after this many seconds without data (default 30)', seconds('--stall-timeout'));
}

export function generationOptions(cmd: Command): Command {
  return cmd
    .option('-p, --prompt <text>', 'text prompt; "-" reads it from stdin')
    .option('--prompt-file <file>', 'read the prompt from a file')
    .option('-i, --image <path|url|data-uri>', 'first frame: a local JPEG/PNG/WebP, https:// URL, data: URI or runway:// URI')
    .option('--last-frame <path|url|data-uri>', 'last frame, for models that take one')
    .option('--video <path|url>', 'input video for video-to-video (aleph2, gen4_aleph on the official API; Gen-3 on web-tasks)')
    .option('-r, --ratio <W:H>', "aspect ratio, e.g. 1280:720 (default: the model's first)")
    .option('-d, --duration <seconds>', "video length in seconds (default: the model's)", integer('--duration', 1, 60))
    .option('--seed <n>', 'seed 0..4294967295 (default: random, reported in --json)', integer('--seed', 0, 4294967295))
    .option('--no-wait', 'print the task id and exit without waiting')
    .option('--dry-run', 'print the request that would be sent and its estimated cost; send nothing')
    .option('--max-credits <n>', 'refuse to start if the estimated cost is above n', amount('--max-credits', 'a number of credits', true))
    .option('--webhook <url>', 'callback URL the provider notifies when done (notify_hook / callback_url)')
    .option('--watermark', 'ask for a watermark (providers that support it)')
    .option('--no-watermark', 'ask for no watermark')
    .option('--motion <1-10>', 'gen2 general motion', integer('--motion', 1, 10))
    .option('--interpolate', 'gen2 frame interpolation (default on)')
    .option('--no-interpolate', 'turn gen2 frame interpolation off')
    .option('--upscale', 'gen2 upscale')
    .option('--explore', 'web-tasks explore mode (slower, cheaper)')
    .option('--fast', 'web-tasks fast mode (quicker, more expensive)')
    .option('--enhance-prompt', 'let the provider enhance the prompt (web-tasks default)')
    .option('--no-enhance-prompt', 'do not let the provider enhance the prompt')
    .option('--end-frame', 'use --image as the last frame instead of the first (web-tasks, cometapi)')
    .option('--structure <0-1>', 'video-to-video structure transformation (default 0.3)', fraction('--structure'))
    .option('--style <name>', 'cometapi style, e.g. cinematic (default cinematic)')
    .option('--camera <x=..,y=..,z=..,r=..>', 'cometapi camera motion vector (also bg_x_pan, bg_y_pan)')
    .option('--public-figure-threshold <auto|low>', 'official API content moderation for public figures');
}
