/** `runway sim`: the simulator as a standalone server, until Ctrl-C. */
import { UsageError } from '../../core/errors.js';
import { parseFaults } from '../../sim/faults.js';
import { parsePrices } from '../../sim/prices.js';
import { presetPaths, startSimulator, type SimOptions } from '../../sim/index.js';
import { renderSim } from '../views/sim.js';
import type { HandlerContext } from '../handler.js';

interface SimFlags {
  port?: number;
  storagePort?: number;
  runSeconds?: number;
  queueSeconds?: number;
  timeScale?: number;
  artifactSize?: number;
  faults?: string;
  key?: string[];
  credits?: number;
  price?: string[];
  feedShape?: 'digits' | 'wrapper';
  notFoundPolls?: number;
  json?: boolean;
}

/** A port that is taken or not ours to use is the user's to change, not a bug. */
function portProblem(error: unknown, options: SimFlags): UsageError | undefined {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return undefined;
  const flag = port !== undefined && port === options.storagePort ? '--storage-port' : '--port';
  const why = code === 'EADDRINUSE' ? 'is already in use (another `runway sim`?)' : 'may not be used by this user';
  return new UsageError(`Port ${port ?? '?'} ${why}.`, { hint: `Choose another with ${flag}, or leave it out for any free port.` });
}

export async function run({ options: o }: HandlerContext<SimFlags>): Promise<number> {
  let prices: Record<string, number> | undefined;
  try {
    parseFaults(o.faults);
    prices = parsePrices(o.price?.join(','));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const settings: SimOptions = {
    port: o.port,
    storagePort: o.storagePort,
    runSeconds: o.runSeconds,
    queueSeconds: o.queueSeconds,
    timeScale: o.timeScale,
  };
  Object.assign(settings, {
    artifactBytes: o.artifactSize,
    faults: o.faults,
    keys: o.key,
    feedShape: o.feedShape,
    notFoundPolls: o.notFoundPolls,
    credits: o.credits,
    prices,
  });
  const sim = await startSimulator(settings).catch((error: unknown) => {
    throw portProblem(error, o) ?? error;
  });
  const providers = Object.fromEntries(
    Object.keys(presetPaths)
      .filter((p) => p !== 'sim')
      .map((p) => [p, sim.urlFor(p)]),
  );
  renderSim({ api: sim.apiUrl, storage: sim.storageUrl, providers }, o.json === true);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}
