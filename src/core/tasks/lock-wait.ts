/** Waiting for a job or batch-line lock another runway process holds. */
import type { Session } from '../session/session.js';

/**
 * Takes a lock, waiting (at most --timeout) while another live runway process holds it; a dead
 * holder's lock is taken over. Resolves true when it had to wait: the other process's work is in
 * the journal by then.
 */
export async function acquireWaiting(
  session: Session,
  name: string,
  waiting: { notice: (pid: string) => string; gaveUp: () => Error; job?: string },
): Promise<boolean> {
  const deadline = session.clock.now() + session.timeoutMs;
  let told = false;
  while (!session.locks.acquire(name)) {
    if (!told) {
      session.events({ type: 'notice', message: waiting.notice(String(session.locks.holder(name) ?? '?')), job: waiting.job });
      told = true;
    }
    if (session.clock.now() >= deadline) throw waiting.gaveUp();
    await session.clock.sleep(500, session.signal);
  }
  return told;
}
