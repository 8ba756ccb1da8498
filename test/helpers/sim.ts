/** A simulator for one test file, with fast tasks, plus small assertions on what it saw. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startSimulator, type SimOptions, type Simulator } from '../../src/sim/index.js';
import { tempDir } from './cli.js';

export async function fastSim(options: SimOptions = {}): Promise<Simulator> {
  // Byte-exact fixture clips unless a test asks for clips rendered from their first frame.
  return startSimulator({ queueSeconds: 0.05, runSeconds: 0.25, renderFrames: false, ...options });
}

export function resetSim(sim: Simulator, faults = ''): void {
  sim.context.reset();
  sim.setFaults(faults);
}

export function storageRequests(sim: Simulator) {
  return sim.requests().filter((r) => r.origin === 'storage');
}

export function count(sim: Simulator, suffix: string): number {
  return Object.entries(sim.stats().counts)
    .filter(([route]) => route.endsWith(suffix))
    .reduce((sum, [, n]) => sum + n, 0);
}

const run = promisify(execFile);

/** The codec of the first video stream, as ffprobe reads it. */
export async function probeCodec(file: string): Promise<string> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name',
    '-of',
    'default=nw=1:nk=1',
    file,
  ]);
  return stdout.trim();
}

export interface SimScope {
  sim: Simulator;
  /** A fresh state directory (RUNWAY_CONFIG_DIR) for each test. */
  state: { path: string; cleanup: () => void };
  /** A fresh output directory for each test. */
  out: { path: string; cleanup: () => void };
}

/** One simulator for the file; fresh state and output directories and reset counters per test. */
export function useSim(options: SimOptions = {}, start: (o: SimOptions) => Promise<Simulator> = fastSim): SimScope {
  const scope = {} as SimScope;
  beforeAll(async () => {
    scope.sim = await start(options);
  });
  afterAll(async () => {
    await scope.sim.close();
  });
  beforeEach(() => {
    resetSim(scope.sim);
    scope.state = tempDir();
    scope.out = tempDir();
  });
  afterEach(() => {
    scope.state.cleanup();
    scope.out.cleanup();
  });
  return scope;
}
