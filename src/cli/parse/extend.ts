/** `runway extend`'s flags to its typed ask, the session pointed where the source task was created. */
import { extrasFromOptions } from '../../core/inputs/request-options.js';
import { openJournal } from '../../core/journal/journal.js';
import { forTask, parseBase, type CommandBase } from './session.js';
import { resolvePrompt } from './prompt.js';
import type { ExtendCommandAsk } from '../../core/extend/command.js';
import type { GenerationFlags } from '../options/flags.js';
import type { HandlerContext } from '../handler.js';

export interface ExtendFlags extends GenerationFlags {
  times?: number;
  join?: boolean;
  frameUrlCommand?: string;
  frameUrlTimeout?: number;
}

export async function parseExtend({
  args,
  options,
  argv,
}: HandlerContext<ExtendFlags>): Promise<{ base: CommandBase; ask: ExtendCommandAsk }> {
  const source = args[0] as string;
  const base = parseBase(options);
  const prompt = await resolvePrompt(options.prompt, options.promptFile);
  const ask: ExtendCommandAsk = {
    source,
    model: options.model,
    prompt,
    ratio: options.ratio as string | undefined,
    duration: options.duration,
    seed: options.seed,
    times: options.times ?? 1,
    join: options.join !== false,
    frameUrlCommand: options.frameUrlCommand,
    frameUrlSeconds: options.frameUrlTimeout,
    wait: options.wait !== false,
    budget: { dryRun: options.dryRun === true, maxCredits: options.maxCredits },
    place: { out: options.out, template: options.output },
    command: argv.slice(2),
    extras: extrasFromOptions(options),
  };
  return { base: { ...base, session: forTask(base.session, openJournal().findByTask(source)?.intent) }, ask };
}
