/** `runway credits`: the balance, where the protocol has one (GET /v1/organization). */
import { readBalance } from '../../core/cost/balance.js';
import { UsageError } from '../../core/errors.js';
import { withSession } from '../session/with-session.js';
import { printJson, printLine } from '../render/output.js';
import type { HandlerContext } from '../handler.js';

export async function run({ options }: HandlerContext): Promise<number> {
  return withSession(options, async ({ session, mode, reporter }) => {
    const { preset } = session.provider;
    const result = await readBalance(session);
    if (!result) throw new UsageError(`${preset.name} does not report a credit balance through its API; check its website.`);
    reporter.stop();
    if (mode.json) printJson({ provider: preset.name, credits: result.credits, ...result.details });
    else printLine(`${result.credits} credits (${preset.name})`);
    return 0;
  });
}
