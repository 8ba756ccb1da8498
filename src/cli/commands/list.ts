/** `runway list [--pending] [--json]`: the journal, newest first. */
import { isUnfinished, type JobRecord } from '../../core/journal/fold.js';
import { openJournal } from '../session/jobs.js';
import { displayPath, printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { HandlerContext } from '../handler.js';
import { say } from '../render/terminal.js';
import type { ListFlags } from '../options/flags.js';

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

export async function run({ options }: HandlerContext<ListFlags>): Promise<number> {
  let jobs = openJournal().jobs();
  if (options.pending) jobs = jobs.filter((j) => isUnfinished(j) || j.phase === 'unknown');
  if (options.limit) jobs = jobs.slice(0, options.limit);
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
    if (job.phase === 'unknown') {
      printLine(
        `    ${job.createError ?? 'interrupted while creating'}: check ${job.intent.provider}'s dashboard before creating it again; it is never re-sent automatically.`,
      );
    }
    if (job.phase === 'not-created' && job.createError) printLine(`    ${job.createError}`);
    if (job.failure) printLine(`    ${job.failure.message}${job.failure.code ? ` [${job.failure.code}]` : ''}`);
  });
  return 0;
}
