/** The account's credit balance, where the provider's API reports one (official: GET /v1/organization). */
import { callProvider } from '../session/provider-call.js';
import type { Session } from '../session/session.js';
import type { Balance } from '../../providers/types.js';

export function reportsBalance(session: Session): boolean {
  return session.provider.adapter.balance !== undefined && session.provider.preset.features.credits;
}

/** Undefined when the provider has no balance endpoint. `maxRetries` bounds an advisory read. */
export async function readBalance(session: Session, options: { maxRetries?: number } = {}): Promise<Balance | undefined> {
  const balance = session.provider.adapter.balance;
  if (!balance || !reportsBalance(session)) return undefined;
  return callProvider(session, balance.build(), {
    kind: 'idempotent',
    purpose: 'read balance',
    parse: (data) => balance.parse(data),
    ...options,
  });
}
