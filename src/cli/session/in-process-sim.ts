/** `--provider sim`: the simulator started inside this process, handed to core as a base URL. */
import type { SimHandle } from '../../core/session/session.js';

export async function startInProcessSimulator(persistDir: string): Promise<SimHandle> {
  const { startSimulator } = await import('../../sim/index.js');
  const sim = await startSimulator({ persistDir, quiet: true });
  return { apiUrl: sim.apiUrl, close: () => sim.close() };
}
