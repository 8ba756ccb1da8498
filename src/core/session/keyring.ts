/**
 * API keys in the OS keyring, when the user asks for it (`auth set --keyring`, or the setting
 * `key-store keyring`). Each operation runs in a child process cut off after 2 s: a keyring that
 * is locked or has no agent is a clear line, never a blocked command or CI job. Synchronous, like
 * the rest of the key lookup (it runs once per command, only for a key kept there).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The keyring's name for our keys (the package's); the account is the provider. */
export const keyringService = 'reelrun';
export const keyringTimeoutMs = 2000;

export type KeyringAnswer = { ok: true; value: string | null } | { ok: false; reason: string };

const child = fileURLToPath(new URL('../../../dist/core/session/keyring-child.js', import.meta.url));

export function keyringCall(op: 'get' | 'set' | 'delete', account: string, secret = ''): KeyringAnswer {
  const run = spawnSync(process.execPath, [child, op, keyringService, account], {
    input: secret,
    encoding: 'utf8',
    timeout: keyringTimeoutMs,
    killSignal: 'SIGKILL',
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
    return { ok: false, reason: `did not answer within ${keyringTimeoutMs / 1000} s (locked, or no keyring agent running)` };
  try {
    const answer = JSON.parse(run.stdout) as KeyringAnswer;
    return answer.ok ? answer : { ok: false, reason: `refused: ${answer.reason}` };
  } catch {
    return {
      ok: false,
      reason: `could not be reached (${run.error?.message ?? `the keyring helper ended with ${run.signal ?? run.status}`})`,
    };
  }
}
