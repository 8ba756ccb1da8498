/**
 * The two halves of every paid tool call: create (after the server's own checks — its budget, a
 * retried call's idempotency key) and wait, never longer than the call allows. A wait that runs
 * out, or that the client cancels, stops waiting only: the task stays journaled, and a later
 * `wait` (or `runway watch --pending`) finishes it from where it was.
 */
import { createHash } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AuthError, GenerationFailedError, InterruptedError, UsageError } from '../core/errors.js';
import { finishTasks, namedTargets, type WatchOutcome } from '../core/tasks/watch.js';
import type { GenerationOutcome } from '../core/generation/outcome.js';
import type { Session } from '../core/session/session.js';
import type { JobRecord } from '../core/journal/fold.js';
import type { McpContext, CallScope } from './context.js';
import { fileJson, result, taskText, type TaskJson } from './results.js';

export const defaultWaitSeconds = 50;

/** Credits the server's own calls have cost since it started, as the journal tells (settled costs, else estimates). */
export function spentByServer(ctx: McpContext, session: Session): number {
  const since = ctx.startedAt.toISOString();
  return session.journal
    .jobs()
    .filter((job) => job.intent.command[0] === 'mcp' && job.createdAt >= since)
    .reduce((sum, job) => sum + (job.credits ?? job.estimate ?? 0), 0);
}

/** The budget a call may spend: the least of its own and what is left of the server's. */
export function callBudget(ctx: McpContext, session: Session, asked: number | undefined): number | undefined {
  const server = ctx.options.maxCredits;
  if (server === undefined) return asked;
  const left = Math.max(0, server - spentByServer(ctx, session));
  return asked === undefined ? left : Math.min(asked, left);
}

/** The journal key of a call made with an idempotency key: the key and what was asked. */
export function identityOf(tool: string, key: string | undefined, args: Record<string, unknown>): string | undefined {
  if (key === undefined) return undefined;
  const { wait_seconds: _wait, idempotency_key: _key, ...asked } = args;
  const digest = createHash('sha256')
    .update(JSON.stringify([tool, Object.entries(asked).sort()]))
    .digest('hex')
    .slice(0, 16);
  return `mcp:${key}:${digest}`;
}

/** A job's phase as a task state: a succeeded task whose files are not all saved yet is still "saving". */
function phaseState(record: JobRecord | undefined): string {
  if (!record) return 'unknown';
  if (record.phase === 'downloaded') return 'succeeded';
  return record.phase === 'succeeded' ? 'saving' : record.phase;
}

const again = 'Call `wait` with its task id to finish it (nothing is paid again).';

function recordJson(record: JobRecord | undefined, taskId: string): TaskJson {
  const state = phaseState(record);
  const saved = record?.outputs.flatMap((o) => (o.saved ? [fileJson(o.saved)] : [])) ?? [];
  return {
    task_id: taskId,
    state,
    ...(record ? { model: record.intent.model } : {}),
    ...(record?.credits !== undefined ? { credits: record.credits } : record?.estimate !== undefined ? { credits: record.estimate } : {}),
    ...(state === 'succeeded' ? { files: saved } : {}),
    ...(record?.failure ? { failure: record.failure.message } : {}),
    ...(['pending', 'running', 'saving'].includes(state) ? { next: again } : {}),
  };
}

function outcomeJson(outcome: WatchOutcome): TaskJson {
  const { taskId } = outcome.target;
  if ('result' in outcome)
    return {
      task_id: taskId,
      state: 'succeeded',
      model: outcome.result.model,
      ...(outcome.result.credits !== undefined ? { credits: outcome.result.credits } : {}),
      files: outcome.result.outputs.map(fileJson),
    };
  if ('busyWith' in outcome)
    return { task_id: taskId, state: 'running', next: `Another runway process (pid ${outcome.busyWith}) is saving it; ${again}` };
  const error = outcome.error;
  if (error instanceof GenerationFailedError)
    return {
      task_id: taskId,
      state: error.taskState ?? 'failed',
      failure: error.message,
      ...(outcome.target.record ? { model: outcome.target.record.intent.model } : {}),
    };
  return { ...recordJson(outcome.target.record, taskId), failure: error instanceof Error ? error.message : String(error) };
}

/**
 * Waits for tasks at most `seconds` (and no longer than the client lets it), saving each into the
 * server's --out; each task as it stands when the wait ends.
 */
export async function waitForTasks(ctx: McpContext, scope: CallScope, taskIds: readonly string[], seconds: number): Promise<TaskJson[]> {
  const deadline = AbortSignal.timeout(Math.max(0, seconds) * 1000);
  const signal = AbortSignal.any([scope.signal, deadline]);
  const journal = (await ctx.session(scope)).journal;
  const targets = namedTargets(journal, taskIds);
  const byProvider = new Map<string | undefined, typeof targets>();
  for (const target of targets) {
    const provider = target.record?.intent.provider;
    byProvider.set(provider, [...(byProvider.get(provider) ?? []), target]);
  }
  const outcomes = new Map<string, TaskJson>();
  const outDir = ctx.outDir();
  for (const [provider, group] of byProvider) {
    const session = await ctx.session({ signal, progress: scope.progress }, provider === ctx.defaultProviderName() ? undefined : provider);
    try {
      await finishTasks(session, group, {
        concurrency: 4,
        pending: false,
        // Whatever is not saved yet is saved where this server saves, never elsewhere.
        placement: { out: outDir },
        out: { outDir },
        command: ['mcp', 'wait'],
        // A wait that ran out says nothing of the task: the journal tells how far it got.
        onOutcome: (outcome) => {
          if (!('error' in outcome && outcome.error instanceof InterruptedError)) outcomes.set(outcome.target.taskId, outcomeJson(outcome));
        },
      });
    } catch (error) {
      // One task's own failure is its outcome; no key, or a refused one, is the call's.
      if (!(error instanceof InterruptedError) && !outcomes.has(group[0]?.taskId ?? '')) throw error;
      if (error instanceof AuthError) throw error;
    }
  }
  return taskIds.map((taskId) => outcomes.get(taskId) ?? recordJson(journal.findByTask(taskId), taskId));
}

/**
 * A paid tool's outcome after its create: a preview (estimate), a refusal, or a task to wait for
 * within the call's time.
 */
export async function afterCreate(ctx: McpContext, scope: CallScope, outcome: GenerationOutcome, seconds: number): Promise<CallToolResult> {
  if (outcome.kind === 'failed') throw outcome.error;
  if (outcome.kind === 'preview') {
    if (outcome.preview.refusal) throw outcome.preview.refusal;
    throw new UsageError('internal: a paid call ended in a preview');
  }
  const taskId = outcome.kind === 'created' ? outcome.created.taskId : outcome.kind === 'saved' ? outcome.result.taskId : undefined;
  if (taskId === undefined) throw new UsageError('internal: no task was created');
  const [task] = await waitForTasks(ctx, scope, [taskId], seconds);
  const json = task as TaskJson;
  return {
    ...(await result(json, taskText(json), json.files)),
    ...(json.state === 'failed' || json.state === 'cancelled' ? { isError: true } : {}),
  };
}

/** How long a call may wait: its wait_seconds, else the default. */
export const secondsOf = (args: Record<string, unknown>): number =>
  typeof args.wait_seconds === 'number' ? args.wait_seconds : defaultWaitSeconds;

/**
 * A paid call: the task an earlier call with the same idempotency key made (waited for, nothing
 * sent), else `create`'s new one; then a wait no longer than the call allows.
 */
export async function paidCall(
  ctx: McpContext,
  scope: CallScope,
  session: Session,
  identity: string | undefined,
  seconds: number,
  create: () => Promise<GenerationOutcome>,
): Promise<CallToolResult> {
  const earlier = earlierCall(session, identity);
  if (earlier === undefined) return afterCreate(ctx, scope, await create(), seconds);
  const [task] = (await waitForTasks(ctx, scope, [earlier], seconds)) as [TaskJson];
  return result(task, taskText(task), task.files);
}

/** A call retried with the same idempotency key: the task the first one made (or why it cannot be known). */
export function earlierCall(session: Session, identity: string | undefined): string | undefined {
  if (identity === undefined) return undefined;
  const earlier = session.journal.latestForKey(identity);
  if (!earlier || earlier.phase === 'not-created') return undefined;
  if (earlier.phase === 'unknown')
    throw new UsageError(
      'An earlier call with this idempotency_key may have created a task: its create failed in a way that leaves that unknown. Nothing was sent now.',
      { hint: 'Check `list` (or the provider dashboard) before trying with a new key.' },
    );
  return earlier.taskId;
}
