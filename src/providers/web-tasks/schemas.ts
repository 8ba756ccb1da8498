/** Answers of the web-tasks protocol, accepting the seeds' string-typed numbers verbatim. */
import { z } from 'zod';

const numberish = z.union([z.number(), z.string()]).nullish();

export const artifact = z.looseObject({
  id: z.string().nullish(),
  url: z.string(),
  filename: z.string().nullish(),
  fileSize: numberish,
});

export const webTask = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  taskType: z.string().nullish(),
  status: z.string(),
  createdAt: z.string().nullish(),
  error: z.unknown().optional(),
  progressText: z.string().nullish(),
  progressRatio: numberish,
  estimatedTimeToStartSeconds: numberish,
  artifacts: z.array(artifact).nullish(),
  options: z.unknown().optional(),
});
export type WebTask = z.infer<typeof webTask>;

export const taskAnswer = z.looseObject({
  task: webTask,
  server_id: z.string().nullish(),
});

export const uploadStartAnswer = z.looseObject({
  id: z.string(),
  uploadUrls: z.array(z.string()).min(1),
  uploadHeaders: z.record(z.string(), z.string()).nullish(),
});

export const uploadCompleteAnswer = z.looseObject({
  url: z.string(),
});
