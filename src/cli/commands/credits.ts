/** `runway credits`: the balance, where the protocol has one (GET /v1/organization). */
import { balanceOf } from '../../core/cost/balance.js';
import { parseBase } from '../parse/session.js';
import { withSession } from '../session/with-session.js';
import { renderBalance } from '../views/task.js';
import type { HandlerContext } from '../handler.js';
import type { ProviderFlags } from '../options/flags.js';

export async function run({ options }: HandlerContext<ProviderFlags>): Promise<number> {
  const base = parseBase(options);
  return renderBalance(await withSession(base, ({ session }) => balanceOf(session)), base.mode);
}
