/** Which provider a journaled task belongs to, so `runway watch <id>` needs no flags after `--no-wait`. */
import { Journal, type JobRecord } from '../../core/journal/journal.js';
import { stateDirs } from '../../core/paths.js';
import type { ProviderFlags } from '../options/flags.js';

export function openJournal(): Journal {
  return new Journal(stateDirs().state);
}

/** Options with the journal's provider and base URL filled in, unless the user chose them. */
export function optionsForTask<Flags extends ProviderFlags>(options: Flags, job: JobRecord | undefined): Flags {
  if (!job || options.provider !== undefined || options.baseUrl !== undefined) return options;
  const { provider, baseUrl } = job.intent;
  return { ...options, provider, ...(baseUrl && baseUrl !== 'in-process' ? { baseUrl } : {}) };
}
