// Row 1: wall time of `runway --version`, `--help` and `status <id>` against `node -e 0`,
// interleaved round by round so machine noise hits all of them alike.
import { expectOk, fmt, median, run, runway, versus } from '../lib/measure.js';

export async function startup({ quick, sim, stateDir }) {
  const rounds = quick ? 7 : 21;
  const id = await sim.create('startup benchmark');
  await sim.waitSucceeded(id);
  const env = { RUNWAY_CONFIG_DIR: stateDir, RUNWAY_API_KEY: 'key_bench' };
  const commands = {
    base: () => run(process.execPath, ['-e', '0']),
    version: () => runway(['--version'], { env }),
    help: () => runway(['--help'], { env }),
    status: () => runway(['status', id, '--provider', 'runwayml', '--base-url', sim.api], { env }),
  };
  const names = Object.keys(commands);
  for (const name of names) for (let i = 0; i < 2; i++) expectOk(await commands[name](), name);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) times[name].push(expectOk(await commands[name](), name).ms);
  }
  const base = median(times.base);
  const row = (what, name, target) => {
    const ours = median(times[name]);
    const ratio = ours / base;
    return { id: '1', what, baseline: 'node -e 0', ...versus(base, ours, fmt.ms), target: target ? `≤ ${target}×` : '—', met: target ? ratio <= target : null, raw: { base: times.base, ours: times[name] } };
  };
  return [row('`runway --version` wall time', 'version', 1.5), row('`runway --help` wall time', 'help', 1.5), row('`runway status <id>` wall time (one query)', 'status')];
}
