/**
 * A real forward proxy for the end-to-end tests: Debian's tinyproxy on a free loopback port,
 * with its own config and log in a temp dir. Absent tinyproxy, `available` is false with the
 * reason, so only the tests that need it are skipped (CI installs it: .ci/run).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './cli.js';

export function tinyproxyPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v tinyproxy'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  const until = Date.now() + 5_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`tinyproxy did not start listening on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RunningProxy {
  url: string;
  /** Every CONNECT the proxy logged, as host:port. */
  tunnels(): string[];
  stop(): Promise<void>;
}

export async function startTinyproxy(binary: string): Promise<RunningProxy> {
  const dir = tempDir('runway-tinyproxy-');
  const port = await freePort();
  const log = join(dir.path, 'tinyproxy.log');
  writeFileSync(log, '');
  // No ConnectPort line: CONNECT is allowed to every port (the simulator's are random).
  writeFileSync(
    join(dir.path, 'tinyproxy.conf'),
    [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 60', 'Allow 127.0.0.1', `LogFile "${log}"`, 'LogLevel Connect', 'MaxClients 50', ''].join(
      '\n',
    ),
  );
  const child: ChildProcess = spawn(binary, ['-d', '-c', join(dir.path, 'tinyproxy.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitForPort(port);
  return {
    url,
    tunnels: () => [...readFileSync(log, 'utf8').matchAll(/CONNECT ([^\s:]+:\d+)/g)].map((m) => m[1] as string),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      dir.cleanup();
    },
  };
}
