/** Option sets shared by several commands, and value parsers with messages that name the allowed values. */
import { createRequire } from 'node:module';
import type { Command } from 'commander';

export const { InvalidArgumentError } = createRequire(import.meta.url)('commander') as typeof import('commander');

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
    .option(
      '--timeout <sec>',
      'give up waiting after this many seconds; the task keeps running (0 = never; default 1800)',
      seconds('--timeout', true),
    )
    .option(
      '--stall-timeout <sec>',
      'abort and resume a download after this many seconds without data (default 30)',
      seconds('--stall-timeout'),
    );
}

/** batch and story: a file of jobs, checked whole before anything is paid for. */
export const jobFileOptions = (cmd: Command): Command =>
  providerOptions(
    waitOptions(
      cmd
        .option(
          '--allow-any-out',
          "let a line's out be absolute or outside --out (refused by default: job files often come from elsewhere)",
        )
        .option('--dry-run', 'print the requests and the estimated total; send nothing')
        .option(
          '--max-credits <n>',
          'refuse to start if the estimated total is above n',
          amount('--max-credits', 'a number of credits', true),
        )
        .option('--format <jsonl|csv>', 'input format (default: by extension, else sniffed)'),
    ),
  );
