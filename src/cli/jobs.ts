/**
 * Journal-aware helpers for commands that act on existing tasks: which provider a task belongs
 * to (so `runway watch <id>` needs no flags after `--no-wait`), and JobRefs for finishJob.
 */
import { UsageError } from '../core/errors.js';
import { Journal, type JobRecord } from '../core/journal/journal.js';
import { stateDirs } from '../core/session/paths.js';
import { newJobId } from '../core/generation/create.js';
import type { JobRef } from '../core/generation/finish.js';
import { fetchTask } from '../core/generation/task-api.js';
import type { Session } from '../core/session/session.js';

/** Ids as providers issue them (UUIDs, task_…); anything else is a typo or a path, refused before a request. */
const taskIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export function checkTaskId(taskId: string): string {
  if (!taskIdPattern.test(taskId)) {
    throw new UsageError(`"${taskId}" is not a task id (expected letters, digits and - _ . :).`, { hint: '`runway list` shows the ids of the tasks this machine created.' });
  }
  return taskId;
}

export function openJournal(): Journal {
  return new Journal(stateDirs().state);
}

/** Options with the journal's provider and base URL filled in, unless the user chose them. */
export function optionsForTask(options: Record<string, unknown>, job: JobRecord | undefined): Record<string, unknown> {
  if (!job || options.provider !== undefined || options.baseUrl !== undefined) return options;
  const { provider, baseUrl } = job.intent;
  return { ...options, provider, ...(baseUrl && baseUrl !== 'in-process' ? { baseUrl } : {}) };
}

/**
 * A JobRef for a journaled job. An explicit --out / --output says where its videos go from now
 * on, even when the outputs were planned earlier (the old place may be gone or read-only);
 * without them the plan stands, so a started download resumes its .part.
 */
export function refFromRecord(job: JobRecord, options: Record<string, unknown> = {}): JobRef {
  const out = typeof options.out === 'string' ? options.out : undefined;
  const output = typeof options.output === 'string' ? options.output : undefined;
  const intent = { ...job.intent, ...(out !== undefined ? { outDir: out } : {}), ...(output !== undefined ? { template: output } : {}) };
  const replan = job.outputs.length > 0 && (out !== undefined || output !== undefined);
  return { job: job.job, taskId: job.taskId as string, intent, createdAt: new Date(job.createdAt), outputs: job.outputs, ...(replan ? { replan } : {}) };
}

/**
 * A task this machine did not create: journaled before waiting, so an interrupted download can
 * resume, but only once the provider has answered for it: a mistyped id must not become a
 * "pending" entry that every later `watch --pending` trips over.
 */
export async function adoptTask(session: Session, taskId: string, out: { outDir: string; template?: string }, argv: string[]): Promise<JobRef> {
  await fetchTask(session, taskId);
  const job = newJobId();
  const at = new Date();
  const intent = {
    provider: session.name,
    baseUrl: session.provider.preset.inProcess ? session.provider.preset.baseUrl : session.baseUrl,
    protocol: session.provider.preset.protocol,
    model: 'runway',
    inputs: {},
    outDir: out.outDir,
    template: out.template,
    command: argv.slice(2),
    adopted: true,
  };
  session.journal.append({ type: 'intent', job, at: at.toISOString(), intent, taskId });
  return { job, taskId, intent, createdAt: at };
}
