/** The pro/generate + feed protocol (seed 004, CometAPI). */
import { z } from 'zod';
import { isModeration, parseProgress, parseWith, saysTaskNotExist, stateOf } from '../common.js';
import {
  ProviderAnswerError,
  type CameraMotion,
  type ModelSpec,
  type ParsedTask,
  type PreparedGeneration,
  type ProtocolAdapter,
  type RequestSpec,
  type TaskSnapshot,
} from '../types.js';

/**
 * The gateway refuses a create without `callback_url` (callback_url_empty) although we poll.
 * When the user gives no --webhook we send this address under the reserved `.invalid` TLD
 * (RFC 2606): it can never resolve, so no third party ever receives the callback.
 */
export const placeholderCallback = 'https://callback.runway-cli.invalid/unused';

export const zeroMotion: CameraMotion = { x: 0, y: 0, z: 0, r: 0, bg_x_pan: 0, bg_y_pan: 0 };

const base = {
  ratios: ['16:9', '9:16', '1:1', '1280:720', '720:1280'],
  durations: [5, 10],
  defaultDuration: 5,
  text: true,
  image: true,
  lastFrame: false,
  video: false,
  extend: false,
  promptMax: 1000,
  seed: false,
  extras: ['style', 'camera', 'endFrame'],
} satisfies Partial<ModelSpec>;

export const proFeedModels: readonly ModelSpec[] = [
  {
    ...base,
    id: 'gen4',
    wire: 'gen4',
    shortcuts: ['gen4'],
    label: 'Gen-4',
    ratios: [...base.ratios],
    extras: ['style', 'camera', 'endFrame'],
  },
  {
    ...base,
    id: 'gen3',
    wire: 'gen3',
    shortcuts: ['gen3'],
    label: 'Gen-3 Alpha',
    ratios: [...base.ratios],
    extras: ['style', 'camera', 'endFrame'],
  },
  {
    ...base,
    id: 'gen2',
    wire: 'gen2',
    shortcuts: ['gen2'],
    label: 'Gen-2',
    ratios: [...base.ratios],
    extras: ['style', 'camera', 'endFrame'],
  },
];

export function buildCreate(input: PreparedGeneration): RequestSpec {
  return {
    method: 'POST',
    path: '/runway/pro/generate',
    body: {
      callback_url: input.webhook ?? placeholderCallback,
      prompt: input.prompt ?? '',
      model: input.model.wire,
      ratio: input.ratio,
      style: input.style ?? 'cinematic',
      ...(input.image !== undefined ? { image: input.image } : {}),
      options: {
        seconds: input.duration,
        motion_vector: { ...zeroMotion, ...input.camera },
        ...(input.endFrame ? { image_as_end_frame: true } : {}),
      },
    },
  };
}

const createAnswer = z.looseObject({
  code: z.union([z.number(), z.string()]),
  msg: z.string().nullish(),
  message: z.string().nullish(),
  data: z.looseObject({ task_id: z.string().optional() }).nullish(),
});

export function parseCreate(data: unknown): { taskId: string } {
  const answer = parseWith(createAnswer, data, 'answer to the create request');
  const ok = Number(answer.code) === 200 || answer.code === 'success';
  if (ok && answer.data?.task_id) return { taskId: answer.data.task_id };
  const said = answer.msg || answer.message || 'no message';
  throw new ProviderAnswerError(`The gateway refused the task (code ${answer.code}): ${said}`, !ok);
}

/** Shape (a): {code:200, data:{task_id, status:"0".."3", video_url, msg, refund}}. */
const feedDigits = z.looseObject({
  code: z.union([z.number(), z.string()]).optional(),
  msg: z.string().nullish(),
  data: z.looseObject({
    task_id: z.string().nullish(),
    status: z.union([z.string(), z.number()]).nullish(),
    video_url: z.string().nullish(),
    msg: z.string().nullish(),
    refund: z.union([z.string(), z.number()]).nullish(),
  }),
});

/** Shape (b): the CometAPI wrapper {code:"success", data:{status:"IN_PROGRESS", progress:"40%", …}}. */
const feedWrapper = z.looseObject({
  code: z.union([z.number(), z.string()]).optional(),
  data: z.looseObject({
    task_id: z.string().nullish(),
    status: z.string(),
    progress: z.union([z.string(), z.number()]).nullish(),
    fail_reason: z.string().nullish(),
    result_url: z.string().nullish(),
    data: z.unknown().optional(),
  }),
});

const statusWords = /^(QUEUED|NOT_START|SUBMITTED|IN_PROGRESS|SUCCESS|FAILURE|RUNNING|SUCCEEDED|FAILED|CANCELLED|CANCELED|PENDING)$/i;

function innerVideoUrl(inner: unknown): string | undefined {
  if (!inner || typeof inner !== 'object') return undefined;
  const o = inner as { video_url?: unknown; output?: unknown };
  if (typeof o.video_url === 'string' && o.video_url) return o.video_url;
  if (Array.isArray(o.output) && typeof o.output[0] === 'string') return o.output[0];
  return undefined;
}

function fromWrapper(data: unknown, taskId: string): TaskSnapshot {
  const d = parseWith(feedWrapper, data, 'feed answer').data;
  const url = d.result_url || innerVideoUrl(d.data);
  let state = stateOf(d.status);
  if (state === 'succeeded' && !url) state = 'running';
  return {
    id: d.task_id || taskId,
    state,
    rawStatus: d.status,
    progress: state === 'succeeded' ? 1 : parseProgress(d.progress),
    outputs: url && state === 'succeeded' ? [{ url }] : [],
    failure:
      state === 'failed' ? { message: d.fail_reason || 'The task failed', moderation: isModeration(undefined, d.fail_reason) } : undefined,
  };
}

function fromDigits(data: unknown, taskId: string): TaskSnapshot {
  const answer = parseWith(feedDigits, data, 'feed answer');
  const d = answer.data;
  const rawStatus = String(d.status ?? '');
  const base = { id: d.task_id || taskId, rawStatus, outputs: [] as TaskSnapshot['outputs'] };
  if (d.video_url) return { ...base, state: 'succeeded', progress: 1, outputs: [{ url: d.video_url }] };
  const message = d.msg?.trim();
  if (String(d.refund ?? '0') === '1' || message) {
    const text = message || 'The task failed and was refunded';
    return { ...base, state: 'failed', failure: { message: text, moderation: isModeration(undefined, text) } };
  }
  return { ...base, state: rawStatus === '0' ? 'pending' : 'running' };
}

export function parseTask(data: unknown, taskId: string): ParsedTask {
  const notYet = saysTaskNotExist(data);
  if (notYet) return { found: false, message: notYet };
  const status = (data as { data?: { status?: unknown } } | undefined)?.data?.status;
  if (typeof status === 'string' && statusWords.test(status)) return { found: true, task: fromWrapper(data, taskId) };
  const code = (data as { code?: unknown } | undefined)?.code;
  if (code !== undefined && Number(code) !== 200 && code !== 'success') {
    const said = (data as { msg?: unknown }).msg;
    throw new ProviderAnswerError(`The feed answered code ${JSON.stringify(code)}: ${typeof said === 'string' ? said : 'no message'}`);
  }
  return { found: true, task: fromDigits(data, taskId) };
}

export const proFeed: ProtocolAdapter = {
  id: 'pro-feed',
  catalog: proFeedModels,
  commonExtras: ['webhook'],
  media: {
    imageFile: 'refuse',
    videoFile: 'refuse',
    dataUriMaxBytes: 'refuse',
    httpsUrl: 'pass',
    runwayUri: false,
    inlineMaxBytes: 0,
    refuseAdvice:
      'Host the image somewhere public over https (for example an object-storage bucket) and pass its URL, or use a ' +
      'provider that uploads local files (`runway providers` lists them).',
  },
  authHeaders: (key) => ({ authorization: `Bearer ${key}`, 'x-runway-version': '2024-11-06' }),
  buildCreate,
  parseCreate,
  buildGetTask: (taskId) => ({ method: 'POST', path: '/runway/feed', body: { task_id: taskId } }),
  parseTask,
};
