/**
 * Whether a provider answers with its key: one cheap authenticated request (the balance where the
 * protocol has one, else a status query of a task that does not exist, which any working API
 * answers with "not found"), cut off after 10 s. A rejected key and an unreachable host are
 * problems, each with what to do.
 */
import { ApiError, AuthError, NetworkError } from '../errors.js';
import { openSession } from '../session/session.js';
import { readBalance, reportsBalance } from '../cost/balance.js';
import { fetchTask } from '../tasks/task-api.js';
import type { ConfigStore } from '../session/config.js';
import type { Check } from './checks.js';

const probeTask = '00000000-0000-4000-8000-000000000000';

export async function reachCheck(config: ConfigStore, provider: string): Promise<Check> {
  const name = `reach ${provider}`;
  const timeout = AbortSignal.timeout(10_000);
  let session;
  try {
    session = await openSession({ provider, events: () => undefined, config, signal: timeout });
  } catch (error) {
    return {
      name,
      status: 'problem',
      detail: (error as Error).message,
      hint: '`runway providers` lists them; `runway config list` shows their settings.',
    };
  }
  try {
    session.requireKey();
  } catch {
    await session.close();
    return { name, status: 'skipped', detail: 'no key' };
  }
  try {
    if (reportsBalance(session)) {
      const balance = await readBalance(session, { maxRetries: 0 });
      return { name, status: 'ok', detail: `${session.baseUrl} answers${balance ? `; ${balance.credits} credits` : ''}` };
    }
    await fetchTask(session, probeTask);
    return { name, status: 'ok', detail: `${session.baseUrl} answers` };
  } catch (error) {
    if (error instanceof AuthError || (error instanceof ApiError && (error.status === 401 || error.status === 403)))
      return {
        name,
        status: 'problem',
        detail: `${session.baseUrl} rejects the key`,
        hint: `Store a valid key: \`runway auth set ${provider}\`.`,
      };
    if (error instanceof ApiError || (error as { name?: string }).name === 'GenerationFailedError')
      return { name, status: 'ok', detail: `${session.baseUrl} answers (the probe task is unknown to it, as it should be)` };
    if (error instanceof NetworkError || timeout.aborted)
      return {
        name,
        status: 'problem',
        detail: `${session.baseUrl} cannot be reached: ${timeout.aborted ? 'no answer in 10 s' : (error as Error).message}`,
        hint: 'Check the network, the proxy variables (HTTPS_PROXY, NO_PROXY) and the base URL (`runway providers`).',
      };
    return { name, status: 'problem', detail: (error as Error).message };
  } finally {
    await session.close();
  }
}
