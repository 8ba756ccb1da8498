/** JobRefs for tasks this run did not create: journaled ones, and ones this machine never saw. */
import { newJobId } from './create.js';
import { fetchTask } from './task-api.js';
import type { JobRef } from './finish.js';
import type { JobRecord } from '../journal/fold.js';
import type { Session } from '../session/session.js';

export interface Placement {
  out?: string | undefined;
  output?: string | undefined;
}

/**
 * A JobRef for a journaled job. An explicit --out / --output says where its videos go from now
 * on, even when the outputs were planned earlier (the old place may be gone or read-only);
 * without them the plan stands, so a started download resumes its .part.
 */
export function refFromRecord(job: JobRecord, placement: Placement = {}): JobRef {
  const { out, output } = placement;
  const intent = { ...job.intent, ...(out !== undefined ? { outDir: out } : {}), ...(output !== undefined ? { template: output } : {}) };
  const replan = job.outputs.length > 0 && (out !== undefined || output !== undefined);
  return {
    job: job.job,
    taskId: job.taskId as string,
    intent,
    createdAt: new Date(job.createdAt),
    outputs: job.outputs,
    ...(replan ? { replan } : {}),
  };
}

/**
 * A task this machine did not create: journaled before waiting, so an interrupted download can
 * resume, but only once the provider has answered for it: a mistyped id must not become a
 * "pending" entry that every later `watch --pending` trips over.
 */
export async function adoptTask(
  session: Session,
  taskId: string,
  out: { outDir: string; template?: string | undefined },
  command: string[],
): Promise<JobRef> {
  await fetchTask(session, taskId);
  const job = newJobId();
  const at = new Date();
  const intent = {
    provider: session.name,
    baseUrl: session.recordedBaseUrl,
    protocol: session.provider.preset.protocol,
    model: 'runway',
    inputs: {},
    outDir: out.outDir,
    template: out.template,
    command,
    adopted: true,
  };
  session.journal.append({ type: 'intent', job, at: at.toISOString(), intent, taskId });
  return { job, taskId, intent, createdAt: at };
}
