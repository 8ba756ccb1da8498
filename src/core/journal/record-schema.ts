/**
 * A journal record as a state file may carry it, checked whole: a state file comes from another
 * machine (a CI cache, an artifact store, a colleague), so every record of it is validated before
 * anything is imported. The journal this machine writes itself is read without it (speed).
 */
import { z } from 'zod';
import { protocolIds } from '../../providers/types.js';
import type { JournalEntry } from './fold.js';

// Ids as this CLI and the providers make them: no path, no markup, no prototype names.
const jobId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'is not a job id');
const taskId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'is not a task id');
const at = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'is not a date');
const text = z.string().max(100_000);
const state = z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled']);
const count = z.number().int().nonnegative();
const credits = z.number().nonnegative().optional();

const intent = z.object({
  provider: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'is not a provider name'),
  baseUrl: z.string().max(2048),
  protocol: z.enum(protocolIds),
  model: z.string().min(1).max(200),
  prompt: text.optional(),
  inputs: z.record(z.string(), z.string().max(4096)),
  ratio: z.string().max(32).optional(),
  duration: z.number().nonnegative().optional(),
  seed: count.optional(),
  extras: z.record(z.string(), z.unknown()).optional(),
  extendTaskId: taskId.optional(),
  outDir: z.string().max(4096),
  template: z.string().max(1024).optional(),
  command: z.array(z.string().max(100_000)).max(10_000),
  batchKey: z.string().max(1024).optional(),
  batchIndex: count.optional(),
  adopted: z.boolean().optional(),
  artifact: z.enum(['image', 'media']).optional(),
  endpoint: z
    .string()
    .regex(/^[a-z0-9_]+(\/[a-z0-9_]+)*$/, 'is not an endpoint')
    .max(100)
    .optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

const output = z.object({ url: z.string().max(100_000), bytes: count.optional(), file: z.string().max(4096) });

export const journalRecord = z.discriminatedUnion('type', [
  z.object({ type: z.literal('intent'), job: jobId, at, intent, taskId: taskId.optional() }),
  z.object({ type: z.literal('created'), job: jobId, at, taskId, estimate: credits, model: z.string().min(1).max(200).optional() }),
  z.object({ type: z.literal('create-failed'), job: jobId, at, ambiguous: z.boolean(), message: text }),
  z.object({ type: z.literal('state'), job: jobId, at, state, progress: z.number().min(0).max(1).optional() }),
  z.object({ type: z.literal('succeeded'), job: jobId, at, outputs: z.array(output).max(1000), credits }),
  z.object({
    type: z.literal('failed'),
    job: jobId,
    at,
    state: z.enum(['failed', 'cancelled']),
    message: text,
    code: z.string().max(256).optional(),
    moderation: z.boolean(),
    credits,
  }),
  z.object({
    type: z.literal('downloaded'),
    job: jobId,
    at,
    index: count,
    file: z.string().max(4096),
    bytes: count,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  z.object({ type: z.literal('download-failed'), job: jobId, at, index: count, message: text }),
]);

/** The record, or why it is not one (the first problem, with where it is). */
export function checkRecord(value: unknown): { entry: JournalEntry } | { problem: string } {
  const result = journalRecord.safeParse(value);
  if (result.success) return { entry: result.data };
  const issue = result.error.issues[0];
  return { problem: `${issue?.path.length ? `${issue.path.join('.')} ` : ''}${issue?.message ?? 'is not a journal record'}` };
}
