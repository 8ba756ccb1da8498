/** A simulator for one test file, with fast tasks, plus small assertions on what it saw. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startSimulator, type SimOptions, type Simulator } from '../../src/sim/index.js';

export async function fastSim(options: SimOptions = {}): Promise<Simulator> {
  return startSimulator({ queueSeconds: 0.05, runSeconds: 0.25, ...options });
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
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'default=nw=1:nk=1', file]);
  return stdout.trim();
}
