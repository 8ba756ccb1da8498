/** `runway spend [--since <date>] [--by model|day|batch|provider] [--org] [--json]`: what was spent, from the journal. */
import { openJournal } from '../../core/journal/journal.js';
import { organizationUsage, spendOf } from '../../core/cost/spend.js';
import { parseSpend } from '../parse/spend.js';
import { parseBase } from '../parse/session.js';
import { withSession } from '../session/with-session.js';
import { renderSpend } from '../views/spend.js';
import type { HandlerContext } from '../handler.js';
import type { ProviderFlags } from '../options/flags.js';

interface SpendFlags extends ProviderFlags {
  since?: string;
  by?: string;
  org?: boolean;
}

export async function run({ options }: HandlerContext<SpendFlags>): Promise<number> {
  const ask = parseSpend(options);
  const spend = spendOf(openJournal(), ask);
  const base = parseBase(options);
  const organization = options.org ? await withSession(base, ({ session }) => organizationUsage(session, ask.since)) : undefined;
  return renderSpend({ ...spend, organization }, options.json === true);
}
