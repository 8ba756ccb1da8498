/** batch and story: the job file (a path, or "-" for stdin), its format, and the settings every line runs with. */
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { detectFormat, type BatchFormat } from '../../core/batch/input.js';
import { parseShard, type BatchSettings } from '../../core/batch/prepare.js';
import type { BatchFlags } from '../options/flags.js';

export function formatOf(given: string | undefined, head: string, source: string): BatchFormat {
  const chosen = (given as BatchFormat | undefined) ?? detectFormat(head, source === '-' ? undefined : source);
  if (chosen !== 'jsonl' && chosen !== 'csv') throw new UsageError(`--format must be jsonl or csv (got "${String(chosen)}").`);
  return chosen;
}

/** Where a job file's relative paths resolve from, and how messages name it. */
export function jobFilePlace(source: string): { baseDir: string; name: string } {
  return source === '-' ? { baseDir: process.cwd(), name: 'stdin' } : { baseDir: dirname(resolve(source)), name: source };
}

export function jobSettings(options: BatchFlags): BatchSettings {
  return {
    provider: options.provider,
    baseUrl: options.baseUrl,
    out: options.out,
    output: options.output,
    shard: parseShard(options.shard),
    retryFailed: options.retryFailed === true,
    skipInvalid: options.skipInvalid === true,
    allowAnyOut: options.allowAnyOut === true,
    dryRun: options.dryRun === true,
  };
}
