/** `runway story`'s flags and storyboard to its typed ask. */
import { readSource } from './read-source.js';
import { formatOf, jobFilePlace, jobSettings } from './job-file.js';
import { parseBase, type CommandBase } from './session.js';
import type { StoryAsk } from '../../core/story/command.js';
import type { BatchFlags } from '../options/flags.js';
import type { HandlerContext } from '../handler.js';

export interface StoryFlags extends BatchFlags {
  film?: string;
  crossfade?: number;
  sound?: string;
  voice?: string;
}

export async function parseStory({ args, options, argv }: HandlerContext<StoryFlags>): Promise<{ base: CommandBase; ask: StoryAsk }> {
  const source = args[0] as string;
  const base = parseBase(options);
  const text = await readSource(source, 'storyboard');
  const { shard: _shard, skipInvalid: _skip, ...settings } = jobSettings(options);
  return {
    base,
    ask: {
      text,
      format: formatOf(options.format, text, source),
      ...jobFilePlace(source),
      settings: { ...settings, crossfade: options.crossfade },
      film: options.film,
      sound: { sound: options.sound, voice: options.voice },
      concurrency: options.concurrency ?? 4,
      budget: { dryRun: options.dryRun === true, maxCredits: options.maxCredits },
      command: argv.slice(2),
    },
  };
}
