/** `runway prune [--older-than <days>] [--dry-run] [--json]`: drop old settled jobs from the journal. */
import { openJournal } from '../../core/journal/journal.js';
import { pruneOlder } from '../../core/journal/list.js';
import { renderPrune } from '../views/journal.js';
import type { HandlerContext } from '../handler.js';

interface PruneFlags {
  olderThan?: number;
  dryRun?: boolean;
  json?: boolean;
}

export async function run({ options }: HandlerContext<PruneFlags>): Promise<number> {
  return renderPrune(pruneOlder(openJournal(), options.olderThan ?? 30, options.dryRun === true), options.json === true);
}
