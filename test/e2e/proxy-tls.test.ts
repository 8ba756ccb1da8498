/**
 * Real parts where users have them: every request of the built binary goes through a real
 * forward proxy (Debian's tinyproxy) to a simulator whose storage origin speaks HTTPS with a
 * certificate trusted only through NODE_EXTRA_CA_CERTS. A generate, a resumed download and an
 * upload. Where tinyproxy is missing these tests are skipped with the reason printed; CI
 * installs it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lighthouse, runCli, testKey } from '../helpers/cli.js';
import { count, fastSim, probeCodec, resetSim, storageRequests, useSim } from '../helpers/sim.js';
import { startTinyproxy, tinyproxyPath, type RunningProxy } from '../helpers/tinyproxy.js';

const certPath = fileURLToPath(new URL('../fixtures/tls/localhost-cert.pem', import.meta.url));
const storageTls = { cert: readFileSync(certPath), key: readFileSync(new URL('../fixtures/tls/localhost-key.pem', import.meta.url)) };
const binary = tinyproxyPath();
if (!binary) console.warn('proxy-tls.test.ts: skipped — tinyproxy is not installed (apt-get install tinyproxy; .ci/run installs it).');

describe.skipIf(!binary)('through a real forward proxy (tinyproxy), storage over HTTPS', () => {
  const t = useSim({ keys: [testKey], storageTls, storageHost: 'localhost', artifactBytes: 3 * 1024 * 1024 }, (o) => fastSim(o));
  let proxy: RunningProxy;
  beforeAll(async () => {
    proxy = await startTinyproxy(binary as string);
  });
  afterAll(async () => {
    await proxy?.stop();
  });
  const env = () => ({
    RUNWAY_CONFIG_DIR: t.state.path,
    RUNWAY_API_KEY: testKey,
    HTTPS_PROXY: proxy.url,
    HTTP_PROXY: proxy.url,
    NODE_EXTRA_CA_CERTS: certPath,
  });
  const port = (url: string) => new URL(url).port;

  it('generates: API calls and the HTTPS download both tunnel through the proxy', async () => {
    const r = await runCli(
      [
        'gen4',
        '--provider',
        'runwayml',
        '--base-url',
        t.sim.apiUrl,
        '--prompt',
        'through the proxy',
        '--image',
        lighthouse,
        '--poll-interval',
        '0.05',
        '--out',
        t.out.path,
      ],
      { env: env() },
    );
    expect(r.code).toBe(0);
    expect(await probeCodec(r.stdout.trim())).toBe('h264');
    expect(t.sim.context.storageUrl.startsWith('https://localhost:')).toBe(true);
    const tunnels = proxy.tunnels();
    expect(tunnels).toContain(`127.0.0.1:${port(t.sim.apiUrl)}`);
    expect(tunnels).toContain(`localhost:${port(t.sim.storageUrl)}`);
  });

  it('resumes a cut HTTPS download through the proxy with Range', async () => {
    resetSim(t.sim, 'download:cut@40%');
    const r = await runCli(
      [
        'gen4',
        '--provider',
        'runwayml',
        '--base-url',
        t.sim.apiUrl,
        '--prompt',
        'cut',
        '--image',
        lighthouse,
        '--poll-interval',
        '0.05',
        '--out',
        t.out.path,
      ],
      { env: env() },
    );
    expect(r.code).toBe(0);
    expect(storageRequests(t.sim).some((req) => /^bytes=\d+-$/.test(req.range ?? ''))).toBe(true);
    expect(await probeCodec(r.stdout.trim())).toBe('h264');
  });

  it('uploads a file to the HTTPS storage host through the proxy, without the API key', async () => {
    const r = await runCli(['upload', lighthouse, '--provider', 'runwayml', '--base-url', t.sim.apiUrl], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^runway:\/\/uploads\//);
    expect(count(t.sim, 'runwayml.upload')).toBe(1);
    const stored = storageRequests(t.sim);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((req) => !req.authorization)).toBe(true);
    expect(proxy.tunnels().filter((tunnel) => tunnel === `localhost:${port(t.sim.storageUrl)}`).length).toBeGreaterThan(0);
  });

  it('NO_PROXY as curl reads it: the API host listed there is reached directly, storage still through the proxy', async () => {
    const before = proxy.tunnels().filter((tunnel) => tunnel === `127.0.0.1:${port(t.sim.apiUrl)}`).length;
    const r = await runCli(
      [
        'gen4',
        '--provider',
        'runwayml',
        '--base-url',
        t.sim.apiUrl,
        '--prompt',
        'direct api',
        '--image',
        lighthouse,
        '--poll-interval',
        '0.05',
        '--out',
        t.out.path,
      ],
      { env: { ...env(), NO_PROXY: '127.0.0.1' } },
    );
    expect(r.code).toBe(0);
    expect(proxy.tunnels().filter((tunnel) => tunnel === `127.0.0.1:${port(t.sim.apiUrl)}`).length).toBe(before);
  });
});
