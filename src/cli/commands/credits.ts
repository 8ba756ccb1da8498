/** `runway credits`: the balance, where the protocol has one (GET /v1/organization). */
import { UsageError } from '../../core/errors.js';
import { callProvider } from '../../core/provider-call.js';
import { withSession } from '../with-session.js';
import { printJson, printLine } from '../render/output.js';
import type { HandlerContext } from '../program.js';

export async function run({ options }: HandlerContext): Promise<number> {
  return withSession(options, async ({ session, mode, reporter }) => {
    const { adapter, preset } = session.provider;
    const balance = adapter.balance;
    if (!balance || !preset.features.credits) {
      throw new UsageError(`${preset.name} does not report a credit balance through its API; check its website.`);
    }
    const result = await callProvider(session, balance.build(), { kind: 'idempotent', purpose: 'read balance', parse: (data) => balance.parse(data) });
    reporter.stop();
    if (mode.json) printJson({ provider: preset.name, credits: result.credits, ...result.details });
    else printLine(`${result.credits} credits (${preset.name})`);
    return 0;
  });
}
