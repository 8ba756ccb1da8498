/** The account's credit balance, where the provider's API reports one (official: GET /v1/organization). */
import { callProvider } from '../session/provider-call.js';
import type { Session } from '../session/session.js';
import type { Balance } from '../../providers/types.js';
import { UsageError } from '../errors.js';
import { providersThat } from '../session/providers.js';
import { knownProviders } from '../session/session.js';

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

export interface BalanceOutcome extends Balance {
  provider: string;
}

/** `runway credits`: the balance, or a usage error where the provider has none to report. */
export async function balanceOf(session: Session): Promise<BalanceOutcome> {
  const balance = await readBalance(session);
  if (!balance) {
    throw new UsageError(`${session.name} does not report a credit balance through its API; check its website.`, {
      hint: `Providers that report one: ${providersThat(knownProviders(session.config), (f) => f.credits).join(', ')}.`,
    });
  }
  return { provider: session.name, ...balance };
}
