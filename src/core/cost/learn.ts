/** Learning prices from what the API says of a journaled job: its create's estimate, its settled cost. */
import type { Priced } from './price-book.js';
import type { JobIntent } from '../journal/fold.js';
import type { Session } from '../session/session.js';

/** A journaled job as the price book sees it. */
export function pricedIntent(session: Session, intent: JobIntent): Priced {
  const extras = (intent.fields ? runPriceFields(intent.fields) : (intent.extras ?? {})) as Priced['extras'];
  const images = intent.artifact === 'image' ? (extras.count ?? 1) : undefined;
  return {
    provider: session.provider.preset,
    model: intent.model,
    extras,
    seconds: intent.duration,
    outputs: images,
    endpoint: intent.endpoint,
  };
}

/** The fields of a run's body that change its price, under the names the price book keys by. */
export function runPriceFields(body: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of ['resolution', 'audio', 'outputFormat'] as const) if (body[name] !== undefined) picked[name] = body[name];
  return picked;
}

/** Keeps the observation as the price of jobs like this one; a difference from the published price is said once. */
export function learnPrice(
  session: Session,
  intent: JobIntent,
  observation: { credits: number; taskId: string; from: 'estimate' | 'cost' },
  job?: string,
): void {
  if (intent.adopted) return;
  const told = session.prices.learn(pricedIntent(session, intent), observation);
  if (told) session.events({ type: 'notice', message: told, job });
}
