/** One session per provider and base URL, opened on first use (a batch mixes providers). */
import { openSession, type Session, type SessionOptions } from './session.js';

export class SessionPool {
  private readonly sessions = new Map<string, Promise<Session>>();

  constructor(private readonly base: SessionOptions) {}

  get(provider: string | undefined, baseUrl: string | undefined): Promise<Session> {
    const key = `${provider ?? ''}|${baseUrl ?? ''}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = openSession({ ...this.base, provider, baseUrl });
      this.sessions.set(key, session);
    }
    return session;
  }

  async closeAll(): Promise<void> {
    const opened = await Promise.allSettled([...this.sessions.values()]);
    await Promise.all(opened.flatMap((s) => (s.status === 'fulfilled' ? [s.value.close()] : [])));
  }
}
