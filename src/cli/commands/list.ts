/** `runway list [--pending] [--json]`: the journal, newest first. */
import { openJournal } from '../../core/journal/journal.js';
import { listJobs } from '../../core/journal/list.js';
import { renderJobs } from '../views/journal.js';
import type { HandlerContext } from '../handler.js';
import type { ListFlags } from '../options/flags.js';

export async function run({ options }: HandlerContext<ListFlags>): Promise<number> {
  const filter = { pending: options.pending === true, limit: options.limit };
  return renderJobs(listJobs(openJournal(), filter), { json: options.json === true, pending: filter.pending });
}
