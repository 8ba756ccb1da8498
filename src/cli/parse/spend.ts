/** `runway spend`'s flags: since when, grouped how. */
import { UsageError } from '../../core/errors.js';
import { spendGroupings, type SpendAsk, type SpendGrouping } from '../../core/cost/spend.js';

/** A day (2026-12-01), a moment (ISO 8601), or a number of days back (7d). */
export function sinceOf(text: string | undefined, now = Date.now()): Date | undefined {
  if (text === undefined) return undefined;
  const days = /^(\d+)d$/.exec(text.trim());
  if (days) return new Date(now - Number(days[1]) * 24 * 60 * 60 * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new UsageError(`--since must be a date (2026-12-01), a moment (ISO 8601) or days back (7d), not "${text}".`);
  return new Date(at);
}

export function parseSpend(options: { since?: string; by?: string }): SpendAsk {
  if (options.by !== undefined && !(spendGroupings as readonly string[]).includes(options.by)) {
    throw new UsageError(`--by must be one of ${spendGroupings.join(', ')} (got "${options.by}").`);
  }
  return { since: sinceOf(options.since), by: options.by as SpendGrouping | undefined };
}
