// Row 2: downloading one big artifact: `runway watch <id>` against `curl -o` of the same URL,
// both writing to the same directory. Compared twice: on the transfer itself (curl's
// time_total; the CLI's --debug timing of the body, which includes hashing it) and on the
// whole CLI run (start-up, one status query, the download, checks). Plus the CLI's peak
// memory at several sizes, and the CPU time each side spends per GiB next to what SHA-256 alone
// costs here (the part of our work curl does not do). Each run starts on warmed memory (see
// warmPages).
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, fmt, median, run, runway, versus, warmPages } from '../lib/measure.js';

const MB = 1024 * 1024;

async function succeededTask(sim, bytes) {
  const id = await sim.create(`download benchmark [sim:size=${bytes}]`);
  const task = await sim.waitSucceeded(id);
  return { id, url: task.output[0] };
}

async function ours(sim, id, dir, stateDir) {
  rmSync(dir, { recursive: true, force: true });
  const result = expectOk(
    await runway(['watch', id, '--provider', 'runwayml', '--base-url', sim.api, '--out', dir, '-q', '--debug'], {
      env: { RUNWAY_CONFIG_DIR: `${stateDir}-${Math.random().toString(36).slice(2)}`, RUNWAY_API_KEY: 'key_bench' },
      probed: true,
    }),
    'runway watch',
  );
  const file = result.stdout.trim();
  const bytes = statSync(file).size;
  rmSync(dir, { recursive: true, force: true });
  const body = /download body: (\d+) bytes in (\d+) ms/.exec(result.stderr);
  if (!body) throw new Error(`no download timing in the trace:\n${result.stderr.slice(-1000)}`);
  return { ms: result.ms, transferMs: Number(body[2]), bytes, rssMb: result.probe.maxRssMb, cpuMs: result.probe.cpuMs };
}

// bash's `times` reports the CPU time of its children: curl's user and system time.
const timedCurl = 'curl "$@"; status=$?; times >&2; exit $status';

async function curl(url, dir) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'curl.mp4');
  const result = expectOk(await run('bash', ['-c', timedCurl, 'curl', '-s', '-f', '-o', file, '-w', '%{time_total}', url]), 'curl');
  const bytes = statSync(file).size;
  rmSync(file, { force: true });
  const children = result.stderr
    .trim()
    .split('\n')
    .pop()
    .split(/\s+/)
    .map((t) => /(\d+)m([\d.]+)s/.exec(t))
    .map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { ms: result.ms, transferMs: Number(result.stdout) * 1000, bytes, cpuMs: (children[0] + children[1]) * 1000 };
}

/** CPU ms SHA-256 takes for `bytes` on this machine, in 1 MiB slices as a download hands them over (cache-hot), median of three. */
function sha256Ms(bytes) {
  const block = Buffer.alloc(MB, 1);
  const once = () => {
    const hash = createHash('sha256');
    const t = process.cpuUsage();
    for (let done = 0; done < bytes; done += block.length) hash.update(block);
    hash.digest();
    const used = process.cpuUsage(t);
    return (used.user + used.system) / 1000;
  };
  return median([once(), once(), once()]);
}

export async function download({ quick, sim, workDir, stateDir }) {
  const big = quick ? 100 * MB : 1024 * MB;
  const rounds = quick ? 2 : 5;
  const curlRuns = [];
  const ourRuns = [];
  for (let r = 0; r < rounds; r++) {
    const { id, url } = await succeededTask(sim, big);
    const pair = r % 2 === 0 ? ['curl', 'ours'] : ['ours', 'curl'];
    for (const who of pair) {
      warmPages(workDir, big + 64 * MB);
      if (who === 'curl') curlRuns.push(await curl(url, join(workDir, 'curl')));
      else ourRuns.push(await ours(sim, id, join(workDir, 'ours'), join(stateDir, 'dl')));
    }
  }
  for (const run of [...curlRuns, ...ourRuns]) if (run.bytes !== big) throw new Error(`a download has ${run.bytes} bytes, not ${big}`);
  const throughput = (runs, key) => median(runs.map((x) => x.bytes / MB / (x[key] / 1000)));
  const transfer = { curl: throughput(curlRuns, 'transferMs'), ours: throughput(ourRuns, 'transferMs') };
  const wall = { curl: throughput(curlRuns, 'ms'), ours: throughput(ourRuns, 'ms') };

  const sizes = quick ? [10 * MB, 100 * MB] : [10 * MB, 100 * MB, 1024 * MB];
  const rss = [];
  for (const size of sizes) {
    const { id } = await succeededTask(sim, size);
    warmPages(workDir, size + 64 * MB);
    const { rssMb, cpuMs } = await ours(sim, id, join(workDir, 'ours'), join(stateDir, 'rss'));
    rss.push({ size, rssMb, cpuMs });
  }
  // Ours per GiB at the margin (the largest download less the smallest, so start-up cancels out).
  const gib = 1024 * MB;
  const [smallest, largest] = [rss[0], rss[rss.length - 1]];
  const cpu = {
    curl: median(curlRuns.map((x) => (x.cpuMs / 1000) * (gib / x.bytes))),
    ours: ((largest.cpuMs - smallest.cpuMs) / 1000) * (gib / (largest.size - smallest.size)),
    sha256: sha256Ms(gib) / 1000,
  };
  const peak = Math.max(...rss.map((x) => x.rssMb));
  const growth = rss[rss.length - 1].rssMb - rss[0].rssMb;
  const label = (size) => (size >= 1024 * MB ? `${size / 1024 / MB} GiB` : `${size / MB} MB`);
  return [
    {
      id: '2',
      what: `download of a ${label(big)} artifact: throughput of the transfer (ours includes sha256)`,
      baseline: 'curl -o',
      ...versus(transfer.curl, transfer.ours, fmt.mbs),
      // A real link is far slower than loopback; this row only shows what undici costs.
      target: '≥ 0.6×',
      met: transfer.ours / transfer.curl >= 0.6,
      raw: { curl: curlRuns, ours: ourRuns },
    },
    {
      id: '2',
      what: `download of a ${label(big)} artifact: throughput, whole CLI run (start-up, status query, checks)`,
      baseline: 'curl -o',
      ...versus(wall.curl, wall.ours, fmt.mbs),
      target: '—',
      met: null,
    },
    {
      id: '2',
      what: `download: CPU seconds per GiB, all threads (ours at the margin; SHA-256 alone takes ${fmt.s(cpu.sha256)} of it)`,
      baseline: 'curl -o',
      ...versus(cpu.curl, cpu.ours, fmt.s),
      target: '—',
      met: null,
      raw: cpu,
    },
    {
      id: '2',
      what: `download: peak RSS at ${rss.map((x) => label(x.size)).join(' / ')}`,
      baseline: '—',
      baselineText: '—',
      oursText: rss.map((x) => fmt.mb(x.rssMb)).join(' / '),
      ratio: null,
      ratioText: `+${fmt.mb(Math.max(0, growth))}`,
      target: '≤ 100 MB, flat',
      met: peak <= 100 && growth <= 15,
      raw: rss,
    },
  ];
}
