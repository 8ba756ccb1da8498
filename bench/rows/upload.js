// Row 3: uploading a big image through the official flow (POST /v1/uploads, then the multipart
// POST to storage): `runway upload` against curl doing the same two requests. Throughput is
// compared on the storage POST itself (curl's time_total; the CLI's --debug timing of the same
// request), since at this size the transfer takes a fraction of a second and process start-up
// would otherwise decide the ratio; the CLI's whole wall time is reported in its own row.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, fmt, median, run, runway, versus } from '../lib/measure.js';

const MB = 1024 * 1024;

/** A structurally whole PNG of `bytes`: a 1×1 header, one ancillary chunk of random bytes, IEND. */
function makeImage(path, bytes) {
  const fd = openSync(path, 'w');
  const ihdr = Buffer.from('0000000d494844520000000100000001080200000000000000', 'hex');
  const iend = Buffer.from('0000000049454e44ae426082', 'hex');
  const fill = bytes - 8 - ihdr.length - iend.length - 12;
  const head = Buffer.alloc(8);
  head.writeUInt32BE(fill, 0);
  head.write('rnDm', 4, 'latin1');
  writeSync(fd, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, head]));
  const block = randomBytes(4 * MB);
  for (let written = 0; written < fill; written += block.length) writeSync(fd, block, 0, Math.min(block.length, fill - written));
  writeSync(fd, Buffer.alloc(4));
  writeSync(fd, iend);
  closeSync(fd);
}

async function curlUpload(sim, file) {
  const ticket = expectOk(
    await run('curl', [
      '-s',
      '-f',
      '-X',
      'POST',
      `${sim.api}/v1/uploads`,
      '-H',
      'authorization: Bearer key_bench',
      '-H',
      'x-runway-version: 2024-11-06',
      '-H',
      'content-type: application/json',
      '-d',
      JSON.stringify({ filename: 'big.png', type: 'ephemeral' }),
    ]),
    'curl /v1/uploads',
  );
  const { uploadUrl, fields } = JSON.parse(ticket.stdout);
  const form = Object.entries(fields).flatMap(([k, v]) => ['-F', `${k}=${v}`]);
  // bash's `times` reports its children's CPU time: curl's user and system seconds.
  const timed = 'curl "$@"; status=$?; times >&2; exit $status';
  const post = expectOk(
    await run('bash', [
      '-c',
      timed,
      'curl',
      '-s',
      '-f',
      '-o',
      '/dev/null',
      '-w',
      '%{time_total}',
      ...form,
      '-F',
      `file=@${file};type=image/png`,
      uploadUrl,
    ]),
    'curl multipart',
  );
  const children = post.stderr
    .trim()
    .split('\n')
    .pop()
    .split(/\s+/)
    .map((t) => /(\d+)m([\d.]+)s/.exec(t))
    .map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wallMs: ticket.ms + post.ms, transferMs: Number(post.stdout) * 1000, cpuMs: (children[0] + children[1]) * 1000 };
}

/** The CLI's own timing of the storage POST, from its --debug trace. */
function storagePostMs(stderr) {
  const match = /← 20\d POST \S+\/uploads\/\S+ \((\d+) ms\)/.exec(stderr);
  if (!match) throw new Error(`no storage POST in the trace:\n${stderr.slice(-1000)}`);
  return Number(match[1]);
}

export async function upload({ quick, sim, workDir, stateDir }) {
  const bytes = quick ? 20 * MB : 150 * MB;
  const rounds = quick ? 1 : 5;
  const file = join(workDir, 'big.png');
  makeImage(file, bytes);
  const curlRuns = [];
  const ourRuns = [];
  const rss = [];
  const small = join(workDir, 'small.png');
  let startCpuMs;
  try {
    for (let r = 0; r < rounds; r++) {
      curlRuns.push(await curlUpload(sim, file));
      const result = expectOk(
        await runway(['upload', file, '--provider', 'runwayml', '--base-url', sim.api, '--debug'], {
          env: { RUNWAY_CONFIG_DIR: stateDir, RUNWAY_API_KEY: 'key_bench' },
          probed: true,
        }),
        'runway upload',
      );
      ourRuns.push({ wallMs: result.ms, transferMs: storagePostMs(result.stderr), cpuMs: result.probe.cpuMs });
      rss.push(result.probe.maxRssMb);
    }
    // The same upload of a 1 MB file: its CPU is the start-up, key and request cost, taken off
    // the big one's so the per-GiB figure is the transfer's alone.
    makeImage(small, MB);
    const tiny = [];
    for (let r = 0; r < 3; r++) {
      const result = expectOk(
        await runway(['upload', small, '--provider', 'runwayml', '--base-url', sim.api, '--debug'], {
          env: { RUNWAY_CONFIG_DIR: stateDir, RUNWAY_API_KEY: 'key_bench' },
          probed: true,
        }),
        'runway upload (1 MB)',
      );
      tiny.push(result.probe.cpuMs);
    }
    startCpuMs = median(tiny);
  } finally {
    rmSync(file, { force: true });
    rmSync(small, { force: true });
  }
  const mbs = (ms) => bytes / MB / (ms / 1000);
  const transfer = { curl: mbs(median(curlRuns.map((x) => x.transferMs))), ours: mbs(median(ourRuns.map((x) => x.transferMs))) };
  const wall = { curl: mbs(median(curlRuns.map((x) => x.wallMs))), ours: mbs(median(ourRuns.map((x) => x.wallMs))) };
  const peak = Math.max(...rss);
  // CPU seconds per GiB sent: curl's whole process; ours at the margin (less a 1 MB upload's).
  const perGib = (runs, less) => median(runs.map((x) => ((x.cpuMs - less) / 1000) * ((1024 * MB) / (bytes - (less ? MB : 0)))));
  const cpu = { curl: perGib(curlRuns, 0), ours: perGib(ourRuns, startCpuMs) };
  const size = `${bytes / MB} MB`;
  return [
    {
      id: '3',
      what: `upload of a ${size} file: throughput of the storage POST`,
      baseline: 'curl -F (same request)',
      ...versus(transfer.curl, transfer.ours, fmt.mbs),
      target: '≥ 0.6×',
      met: transfer.ours / transfer.curl >= 0.6,
      raw: { curl: curlRuns, ours: ourRuns },
    },
    // At the quick run's 20 MB the start-up's own variation is larger than the transfer's CPU.
    quick
      ? {
          id: '3',
          what: 'upload: CPU seconds per GiB (full run only)',
          baseline: 'curl -F (same request)',
          baselineText: fmt.s(cpu.curl),
          oursText: '—',
          ratio: null,
          ratioText: '—',
          target: '—',
          met: null,
          raw: cpu,
        }
      : {
          id: '3',
          what: `upload: CPU seconds per GiB (ours at the margin, less a 1 MB upload's start-up)`,
          baseline: 'curl -F (same request)',
          ...versus(cpu.curl, cpu.ours, fmt.s),
          target: '—',
          met: null,
          raw: cpu,
        },
    {
      id: '3',
      what: `upload of a ${size} file: throughput, whole CLI run (start-up, key, both requests)`,
      baseline: 'curl, both requests',
      ...versus(wall.curl, wall.ours, fmt.mbs),
      target: '—',
      met: null,
    },
    {
      id: '3',
      what: `upload of a ${size} file: peak RSS`,
      baseline: '—',
      baselineText: '—',
      oursText: fmt.mb(peak),
      ratio: null,
      ratioText: '—',
      target: '≤ 120 MB',
      met: peak <= 120,
      raw: rss,
    },
  ];
}
