/** `runway batch`'s flags and file to its typed ask: the file is named, not read (it is read a slice at a time); stdin is read whole. */
import { UsageError } from '../../core/errors.js';
import { readHead, type BatchSource } from '../../core/batch/source.js';
import { readStdin } from './stdin.js';
import { formatOf, jobFilePlace, jobSettings } from './job-file.js';
import { parseBase, type CommandBase } from './session.js';
import type { BatchAsk } from '../../core/batch/command.js';
import type { BatchFlags } from '../options/flags.js';
import type { HandlerContext } from '../handler.js';

export async function parseBatch({ args, options, argv }: HandlerContext<BatchFlags>): Promise<{ base: CommandBase; ask: BatchAsk }> {
  const source = args[0] as string;
  const base = parseBase(options);
  const settings = jobSettings(options);
  const head = source === '-' ? await readStdin() : await readHead(source);
  const input: BatchSource = source === '-' ? { text: head } : { path: source };
  const format = formatOf(options.format, head, source);
  const place = jobFilePlace(source);
  if (!head.trim()) throw new UsageError(`The batch ${place.name} is empty.`);
  return {
    base,
    ask: {
      file: { source: input, format, ...place },
      settings,
      shard: options.shard,
      concurrency: options.concurrency ?? 4,
      budget: { dryRun: options.dryRun === true, maxCredits: options.maxCredits },
      report: options.report,
      junit: options.junit,
      exportState: options.exportState,
      gallery: options.gallery,
      command: argv.slice(2),
    },
  };
}
