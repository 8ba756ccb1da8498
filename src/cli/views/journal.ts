/** The journal on the terminal: `runway list`'s table (or one JSON object per job) and what `runway prune` did. */
import { formatBytes } from '../../core/format-bytes.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import { say } from '../render/terminal.js';
import type { JobRecord } from '../../core/journal/fold.js';
import type { PruneOutcome } from '../../core/journal/list.js';

const phaseText: Record<JobRecord['phase'], string> = {
  unknown: 'unknown — may have been created',
  'not-created': 'not created',
  pending: 'pending',
  running: 'running',
  // The same word as `list --json`'s state.
  succeeded: 'succeeded, not downloaded',
  downloaded: 'downloaded',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function jobJson(job: JobRecord) {
  return {
    job: job.job,
    taskId: job.taskId ?? null,
    state: job.phase,
    provider: job.intent.provider,
    model: job.intent.model,
    prompt: job.intent.prompt ?? null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    progress: job.progress ?? null,
    files: job.outputs.map((o) => ({
      file: o.saved?.file ?? o.file,
      saved: o.saved !== undefined,
      bytes: o.saved?.bytes ?? o.bytes ?? null,
      sha256: o.saved?.sha256 ?? null,
    })),
    failure: job.failure ?? null,
    credits: job.credits ?? null,
    error: job.createError ?? job.downloadError ?? null,
  };
}

function excerpt(text: string | undefined, length: number): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

function notes(job: JobRecord): string[] {
  const lines: string[] = [];
  if (job.phase === 'unknown') {
    const why = job.createError ?? 'interrupted while creating';
    lines.push(`    ${why}: check ${job.intent.provider}'s dashboard before creating it again; it is never re-sent automatically.`);
  }
  if (job.phase === 'not-created' && job.createError) lines.push(`    ${job.createError}`);
  if (job.failure) lines.push(`    ${job.failure.message}${job.failure.code ? ` [${job.failure.code}]` : ''}`);
  return lines;
}

export function renderJobs(jobs: JobRecord[], options: { json: boolean; pending: boolean }): number {
  if (options.json) {
    for (const job of jobs) printJson(jobJson(job));
    return 0;
  }
  if (jobs.length === 0) {
    say(options.pending ? 'runway: nothing pending.' : 'runway: the journal is empty.');
    return 0;
  }
  const rows = jobs.map((job) => [
    job.createdAt.replace('T', ' ').slice(0, 19),
    job.taskId ?? '-',
    phaseText[job.phase],
    `${job.intent.model}@${job.intent.provider}`,
    excerpt(job.intent.prompt, 40),
    job.outputs.map((o) => displayPath(o.saved?.file ?? o.file)).join(', '),
  ]);
  const [header, ...lines] = formatTable(['CREATED', 'TASK', 'STATE', 'MODEL', 'PROMPT', 'FILES'], rows);
  printLine(header as string);
  jobs.forEach((job, i) => {
    printLine(lines[i] as string);
    for (const note of notes(job)) printLine(note);
  });
  return 0;
}

export function renderPrune(outcome: PruneOutcome, json: boolean): number {
  const { dryRun, olderThanDays: days, droppedJobs, keptJobs } = outcome;
  if (json) {
    printJson({
      dryRun,
      olderThanDays: days,
      pruned: droppedJobs.length,
      kept: keptJobs,
      bytesBefore: outcome.bytesBefore,
      bytesAfter: outcome.bytesAfter,
      jobs: droppedJobs.map((job) => ({ job: job.job, taskId: job.taskId ?? null, state: job.phase, updatedAt: job.updatedAt })),
    });
    return 0;
  }
  const what =
    `${droppedJobs.length} settled job${droppedJobs.length === 1 ? '' : 's'} last updated over ${days} ` +
    `day${days === 1 ? '' : 's'} ago`;
  if (dryRun) printLine(`would prune ${what}; ${keptJobs} kept (nothing changed)`);
  else printLine(`pruned ${what}; ${keptJobs} kept; journal ${formatBytes(outcome.bytesBefore)} → ${formatBytes(outcome.bytesAfter)}`);
  return 0;
}
