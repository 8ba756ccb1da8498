// `npm run bench [-- --quick]`: every row of the benchmark table, each against a baseline
// measured in the same run. Prints a markdown table and writes bench/results.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/measure.js';
import { startSim } from './lib/sim.js';
import { startup } from './rows/startup.js';
import { download } from './rows/download.js';
import { upload } from './rows/upload.js';
import { batch } from './rows/batch.js';
import { polling } from './rows/polling.js';
import { scale } from './rows/scale.js';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
// Both sides of the file benchmarks write to the same place; tmpfs keeps the VM's disk noise out.
const base = process.env.BENCH_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
mkdirSync(base, { recursive: true });
const workDir = mkdtempSync(join(base, 'runway-bench-'));
const stateDir = mkdtempSync(join(tmpdir(), 'runway-bench-state-'));
const log = (text) => process.stderr.write(`bench: ${text}\n`);

const sdkVersion = JSON.parse(readFileSync(join(root, 'node_modules', '@runwayml', 'sdk', 'package.json'), 'utf8')).version;
const started = Date.now();
const rows = [];
const sim = await startSim(['--queue-seconds', '0', '--run-seconds', '0.2']);
try {
  const context = { quick, sim, workDir, stateDir, log };
  const suites = { startup, download, upload, batch, polling, scale };
  for (const [name, measure] of Object.entries(suites)) {
    if (only && !only.includes(name)) continue;
    log(`${name}…`);
    const t = Date.now();
    rows.push(...(await measure(context)));
    log(`${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
} finally {
  await sim.stop();
  rmSync(workDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
}

const mark = (met) => (met === null ? '' : met ? 'yes' : '**no**');
const table = [
  '| # | what | baseline | baseline figure | runway | ratio | target | met |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) => `| ${r.id} | ${r.what} | ${r.baseline} | ${r.baselineText} | ${r.oursText} | ${r.ratioText} | ${r.target} | ${mark(r.met)} |`,
  ),
].join('\n');
const results = {
  generatedAt: new Date().toISOString(),
  quick,
  seconds: Math.round((Date.now() - started) / 1000),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  sdk: `@runwayml/sdk ${sdkVersion}`,
  rows,
};
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(
  `${table}\n\n${quick ? 'quick run' : 'full run'}, ${results.seconds} s, ${results.cpus} CPUs (${results.cpuModel}), ` +
    `Node ${results.node}, baseline SDK ${results.sdk}\n`,
);
