/**
 * Runs the built binary inside a real pseudo-terminal (util-linux `script`), 100×40, and returns
 * every byte the terminal received: what a person sees, escape sequences included.
 */
import { spawn } from 'node:child_process';
import { bin, cleanEnv, root } from './cli.js';

export interface PtyResult {
  code: number | null;
  screen: string;
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export function runInPty(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {},
): Promise<PtyResult> {
  const command = `stty cols 100 rows 40; exec ${[process.execPath, bin, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd ?? root,
      env: cleanEnv({ TERM: 'xterm-256color', ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => (screen += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (screen += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

/** Every escape sequence on the screen (CSI, OSC and the two-byte ones). */
export function escapes(screen: string): string[] {
  return screen.match(/\u001b(\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(\u0007|\u001b\\)?|[@-Z\\-_78])/g) ?? [];
}

/**
 * What ora, cli-progress and our renderer write: colours (SGR), cursor show/hide, column 1,
 * clear line or screen below, synchronized output, line wrap on/off, save/restore cursor, cursor up.
 */
const allowed = /^\u001b(\[(\d+(;\d+)*)?m|\[\?25[lh]|\[\d*G|\[[0-2]?[JK]|\[\?2026[hl]|\[\?7[lh]|\[\d*A|[78])$/;

export function foreignEscapes(screen: string): string[] {
  return escapes(screen).filter((sequence) => !allowed.test(sequence));
}

/** A colour code whose ESC is missing: shows as literal "[32m" text. */
export function brokenColour(screen: string): boolean {
  return /(^|[^\u001b])\[\d+(;\d+)*m/.test(screen);
}
