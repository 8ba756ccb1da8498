/** wait, status, list, cancel: tasks as the journal and the provider know them. */
import { z } from 'zod';
import { taskStatus } from '../../core/tasks/status.js';
import { cancelJob } from '../../core/tasks/cancel.js';
import { listJobs } from '../../core/journal/list.js';
import { checkTaskId } from '../../core/tasks/task-id.js';
import { strictArguments, waitSeconds } from '../fields.js';
import { defaultWaitSeconds, waitForTasks } from '../tasks.js';
import { fileJson, result, taskSchema, taskText } from '../results.js';
import type { McpContext } from '../context.js';
import type { ToolDef } from './tool.js';

const taskId = z.string().min(1).max(200).describe('a task id (as generate or list gave it)');

export const taskTools = (ctx: McpContext): ToolDef[] => [
  {
    name: 'wait',
    title: 'Wait for tasks',
    description:
      "Wait for tasks and save their files into the server's output folder, downloading and verifying like `runway watch`; at most " +
      'wait_seconds (default 50). A task not finished by then is returned with its state: call wait again. Cancelling the call stops the wait only.',
    input: strictArguments({ task_ids: z.array(taskId).min(1).max(20), wait_seconds: waitSeconds.optional() }),
    output: z.object({ tasks: z.array(taskSchema) }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    commands: ['watch'],
    call: async (args, scope) => {
      const ids = (args.task_ids as string[]).map(checkTaskId);
      const tasks = await waitForTasks(ctx, scope, ids, typeof args.wait_seconds === 'number' ? args.wait_seconds : defaultWaitSeconds);
      return result(
        { tasks },
        tasks.map(taskText).join('\n'),
        tasks.flatMap((t) => t.files ?? []),
      );
    },
  },
  {
    name: 'status',
    title: 'Task status',
    description: "One query of a task's state and progress. Costs nothing.",
    input: strictArguments({ task_id: taskId }),
    annotations: { readOnlyHint: true, openWorldHint: true },
    commands: ['status'],
    call: async (args, scope) => {
      const id = checkTaskId(args.task_id as string);
      const provider = (await ctx.session(scope)).journal.findByTask(id)?.intent.provider;
      const status = await taskStatus(await ctx.session(scope, provider === ctx.defaultProviderName() ? undefined : provider), id);
      const json = {
        task_id: status.taskId,
        state: status.status,
        provider_state: status.providerStatus,
        progress: status.progress,
        outputs: status.outputs.length,
        failure: status.failure?.message ?? null,
        credits: status.cost?.credits ?? null,
      };
      return result(
        json,
        `Task ${json.task_id} is ${json.state}${json.progress !== null ? ` (${Math.round(json.progress * 100)}%)` : ''}.`,
      );
    },
  },
  {
    name: 'list',
    title: 'Tasks in the journal',
    description: 'Tasks this machine created (over MCP or the CLI), newest first. Costs nothing, sends nothing.',
    input: strictArguments({ pending_only: z.boolean().optional(), limit: z.number().int().min(1).max(1000).optional() }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    commands: ['list'],
    call: async (args, scope) => {
      const journal = (await ctx.session(scope)).journal;
      const jobs = listJobs(journal, { pending: args.pending_only === true, limit: (args.limit as number | undefined) ?? 50 });
      const tasks = jobs.map((job) => ({
        task_id: job.taskId ?? null,
        state: job.phase,
        model: job.intent.model,
        prompt: job.intent.prompt ?? null,
        created_at: job.createdAt,
        credits: job.credits ?? job.estimate ?? null,
        files: job.outputs.flatMap((o) => (o.saved ? [fileJson(o.saved)] : [])),
      }));
      return result({ tasks }, tasks.map((t) => `${t.task_id ?? '(no id)'} ${t.state} ${t.model}`).join('\n') || 'No tasks.');
    },
  },
  {
    name: 'cancel',
    title: 'Cancel a task',
    description:
      'Cancel a queued or running task (refunded). A finished task whose files are not saved here is refused unless force: on the official API cancelling it deletes it.',
    input: strictArguments({ task_id: taskId, force: z.boolean().optional() }),
    annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    commands: ['cancel'],
    call: async (args, scope) => {
      const id = checkTaskId(args.task_id as string);
      const outcome = await cancelJob(await ctx.session(scope), id, { force: args.force === true });
      const json = { task_id: outcome.taskId, cancelled: outcome.cancelled, deleted: outcome.deleted };
      return result(json, `Task ${id} ${outcome.cancelled ? 'was cancelled' : 'was deleted'}.`);
    },
  },
];
