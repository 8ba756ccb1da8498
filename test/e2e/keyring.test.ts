/**
 * Issue 34: keys in the OS keyring on request, under a real Secret Service — gnome-keyring-daemon
 * inside dbus-run-session, its keyring in a temporary home — against the simulator. Without the
 * flag, the 0600 file as before; without a keyring, exit 3 and nothing stored; a keyring that does
 * not answer is cut off after 2 s.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cleanEnv, runCli, tempDir, testKey } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';

const has = (tool: string) => ['/usr/bin', '/bin', '/usr/local/bin'].some((dir) => existsSync(join(dir, tool)));
const secretService = has('dbus-run-session') && has('gnome-keyring-daemon');
const t = useSim({ keys: [testKey] });

/** Every file under a folder, read whole. */
function everyFile(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'latin1'))
    .join('\n');
}

/** A shell script run inside a D-Bus session with an unlocked GNOME keyring (in a home of its own); `runway` is the built binary. */
function inKeyring(script: string, state: string, home: string, cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        `echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1\nrunway() { "${process.execPath}" "${bin}" "$@"; }\n${script}`,
      ],
      {
        cwd,
        env: cleanEnv({
          RUNWAY_CONFIG_DIR: state,
          HOME: home,
          XDG_DATA_HOME: join(home, 'data'),
          XDG_RUNTIME_DIR: undefined,
          KEY: testKey,
        }),
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe.skipIf(!secretService)('keys in the OS keyring', () => {
  it('auth set --keyring keeps the key in the keyring and in no file; status names it; it is used; move and remove', async () => {
    const home = tempDir();
    const state = join(t.out.path, 'state');
    try {
      const { code, out } = await inKeyring(
        [
          'printf %s "$KEY" | runway auth set runwayml --keyring || exit 11',
          'runway auth status --json > status.json || exit 12',
          `runway gen4.5 --provider runwayml --base-url ${t.sim.apiUrl} --poll-interval 0.05 -p "a boat" --duration 2 --out clips -q > made.txt || exit 13`,
          'cp "$RUNWAY_CONFIG_DIR/config.json" keyring-config.json',
          'runway auth move runwayml --to file || exit 14',
          'cp "$RUNWAY_CONFIG_DIR/config.json" file-config.json',
          'runway auth move runwayml --to keyring || exit 15',
          'runway auth remove runwayml || exit 16',
          'runway auth status --json > removed.json || exit 17',
        ].join('\n'),
        state,
        home.path,
        t.out.path,
      );
      expect(code, out).toBe(0);
      expect(out).toContain('stored the key for runwayml (key_…cdef) in the OS keyring');
      expect(out).not.toContain(testKey);
      expect(everyFile(state)).not.toContain(testKey);
      const status = JSON.parse(readFileSync(join(t.out.path, 'status.json'), 'utf8')) as { provider: string; source: string }[];
      expect(status.find((s) => s.provider === 'runwayml')?.source).toBe('keyring');
      expect(readFileSync(join(t.out.path, 'made.txt'), 'utf8')).toMatch(/\.mp4/);
      expect(JSON.parse(readFileSync(join(t.out.path, 'keyring-config.json'), 'utf8'))).toMatchObject({ keys: {}, keyring: ['runwayml'] });
      expect(JSON.parse(readFileSync(join(t.out.path, 'file-config.json'), 'utf8')).keys.runwayml).toBe(testKey);
      const removed = JSON.parse(readFileSync(join(t.out.path, 'removed.json'), 'utf8')) as { provider: string; source: string | null }[];
      expect(removed.find((s) => s.provider === 'runwayml')?.source).toBeNull();
    } finally {
      home.cleanup();
    }
  }, 60_000);

  it('plain auth set keeps the 0600 file as before; --keyring without a D-Bus session exits 3 and stores nothing', async () => {
    const state = join(t.out.path, 'plain');
    const plain = await runCli(['auth', 'set', 'runwayml'], { env: { RUNWAY_CONFIG_DIR: state }, input: testKey });
    expect(plain.code).toBe(0);
    expect(statSync(join(state, 'config.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(state, 'config.json'), 'utf8')).keys.runwayml).toBe(testKey);
    const none = join(t.out.path, 'none');
    const refused = await runCli(['auth', 'set', 'runwayml', '--keyring'], {
      env: { RUNWAY_CONFIG_DIR: none, DBUS_SESSION_BUS_ADDRESS: undefined },
      input: testKey,
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/The OS keyring refused: .*; the key was not stored \(not in the file either\)/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(none, 'config.json')) ? everyFile(none) : '').not.toContain(testKey);
  });

  it('a keyring that does not answer is cut off after 2 s with a clear line', async () => {
    const dir = tempDir();
    const socket = join(dir.path, 'bus');
    // A bus that accepts and then says nothing, as a locked or stuck agent would.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(socket, resolve));
    try {
      const started = Date.now();
      const stuck = await runCli(['auth', 'set', 'runwayml', '--keyring'], {
        env: { RUNWAY_CONFIG_DIR: join(dir.path, 'state'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` },
        input: testKey,
        timeoutMs: 15_000,
      });
      expect(stuck.code).toBe(3);
      expect(stuck.stderr).toMatch(/did not answer within 2 s \(locked, or no keyring agent running\)/);
      expect(Date.now() - started).toBeLessThan(6_000);
    } finally {
      silent.close();
      dir.cleanup();
    }
  });

  it('an empty key, or one a header cannot carry, exits 2 and stores nothing', async () => {
    const state = join(t.out.path, 'bad');
    for (const input of ['\n', `${testKey.slice(0, 10)}\u2026${testKey.slice(10)}`]) {
      const r = await runCli(['auth', 'set', 'runwayml'], { env: { RUNWAY_CONFIG_DIR: state }, input });
      expect(r.code, r.stderr).toBe(2);
    }
    expect(existsSync(join(state, 'config.json')) ? readFileSync(join(state, 'config.json'), 'utf8') : '').not.toContain('key_');
  });
});
