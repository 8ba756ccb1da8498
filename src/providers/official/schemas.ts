/**
 * Answers of the official protocol and of the gateways in front of it. Gateways wrap things
 * differently (protocols.md §1), so these schemas are deliberately lenient about extra fields
 * and strict only about what we use.
 */
import { z } from 'zod';

const nullishString = z.string().nullish();
/** `{credits}`: what a settled task was charged (`cost`), or what a live one may charge (`estimatedCost`). */
const credits = z.looseObject({ credits: z.number() }).nullish();

export const officialTask = z.looseObject({
  id: z.string(),
  status: z.string(),
  createdAt: nullishString,
  progress: z.union([z.number(), z.string()]).nullish(),
  output: z.array(z.string()).nullish(),
  failure: nullishString,
  failureCode: nullishString,
  cost: credits,
  estimatedCost: credits,
});
export type OfficialTask = z.infer<typeof officialTask>;

/** CometAPI-style wrapper: {code:"success", data:{task_id, status:"IN_PROGRESS", progress:"40%", data:{…}}}. */
export const wrappedTask = z.looseObject({
  code: z.union([z.string(), z.number()]).optional(),
  message: nullishString,
  data: z.looseObject({
    task_id: z.string(),
    status: z.string(),
    progress: z.union([z.string(), z.number()]).nullish(),
    fail_reason: nullishString,
    result_url: nullishString,
    data: z.unknown().optional(),
  }),
});

/** Create answers: {id}, {id, state}, {code, message, data:{task_id}}, {task_id}. */
export const createAnswer = z.looseObject({
  id: z.string().optional(),
  task_id: z.string().optional(),
  code: z.union([z.string(), z.number()]).optional(),
  message: nullishString,
  msg: nullishString,
  error: z.unknown().optional(),
  data: z.union([z.looseObject({ task_id: z.string().optional(), id: z.string().optional() }), z.string()]).nullish(),
  /** Today's API: the most the task may charge. Gateways leave it out. */
  estimatedCost: credits,
});

export const uploadAnswer = z.looseObject({
  uploadUrl: z.string().url(),
  fields: z.record(z.string(), z.string()),
  runwayUri: z.string(),
});

/** POST /v1/organization/usage: credits used per day and model. */
export const usageAnswer = z.looseObject({
  results: z.array(z.looseObject({ date: z.string(), usedCredits: z.array(z.looseObject({ model: z.string(), amount: z.number() })) })),
});

export const organizationAnswer = z.looseObject({
  creditBalance: z.number(),
  tier: z.unknown().optional(),
  usage: z.unknown().optional(),
});
