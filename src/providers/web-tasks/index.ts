/** The web-app tasks protocol (`<base>/tasks`), seeds 000 and 002. */
import { isModeration, parseProgress, parseWith, positiveInt, saysTaskNotExist, stateOf } from '../common.js';
import type { ParsedTask, PreparedGeneration, ProtocolAdapter, RequestSpec, TaskSnapshot } from '../types.js';
import { webTaskModels } from './models.js';
import { taskAnswer, uploadCompleteAnswer, uploadStartAnswer, type WebTask } from './schemas.js';

const assetGroupName = 'Generative Video';

/** gen2's 1..10 "general motion" slider; the web app sends 22 for 5. */
export function motionScore(motion: number): number {
  return Math.round(motion * 4.4);
}

function firstWords(text: string, count: number): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, count)
    .join(' ')
    .replace(/[.,;:!?]+$/, '');
}

/** The web app's naming: "Gen-2 1675247627, An older man playing, y3jpg, M 5", "Gen-3 Alpha 2275386909". */
export function taskName(input: PreparedGeneration, seed: number): string {
  if (input.model.wire === 'gen2') {
    const parts = [`Gen-2 ${seed}`];
    if (input.prompt) parts.push(firstWords(input.prompt, 4));
    if (input.imageName) parts.push(input.imageName.replace(/[^\p{L}\p{N}]+/gu, ''));
    parts.push(`M ${input.motion ?? 5}`);
    return parts.join(', ');
  }
  return `${input.model.wire === 'gen3a_turbo' ? 'Gen-3 Alpha Turbo' : 'Gen-3 Alpha'} ${seed}`;
}

function gen2Options(input: PreparedGeneration, seed: number): Record<string, unknown> {
  return {
    mode: 'gen2',
    seed,
    interpolate: input.interpolate ?? true,
    upscale: input.upscale ?? false,
    watermark: input.watermark ?? false,
    motion_score: motionScore(input.motion ?? 5),
    use_motion_score: true,
    use_motion_vectors: false,
    text_prompt: input.prompt ?? '',
    ...(input.image !== undefined ? { image_prompt: input.image, init_image: input.image } : {}),
  };
}

function gen3Options(input: PreparedGeneration, seed: number): Record<string, unknown> {
  const options: Record<string, unknown> = {
    name: taskName(input, seed),
    seconds: input.duration,
    text_prompt: input.prompt ?? '',
    seed,
    exploreMode: input.explore ?? input.model.wire === 'europa',
    watermark: input.watermark ?? false,
    enhance_prompt: input.enhancePrompt ?? true,
    ...(input.quirks?.omitDimensions ? {} : { width: 1280, height: 768 }),
    assetGroupName,
  };
  if (input.video !== undefined) {
    options.video_prompt = input.video;
    options.structure_transformation = input.structure ?? 0.3;
    return options;
  }
  if (input.image !== undefined) options.init_image = input.image;
  options.resolution = '720p';
  if (input.image !== undefined) options.image_as_end_frame = input.endFrame ?? false;
  if (input.extend) {
    options.extended_from_task_id = input.extend.taskId;
    options.init_video = input.extend.videoUrl;
  }
  return options;
}

export function buildCreate(input: PreparedGeneration): RequestSpec {
  const seed = input.seed ?? 0;
  const options =
    input.model.wire === 'gen2'
      ? {
          name: taskName(input, seed),
          seconds: 4,
          gen2Options: gen2Options(input, seed),
          exploreMode: input.explore ?? false,
          assetGroupName,
        }
      : gen3Options(input, seed);
  return {
    method: 'POST',
    path: '/tasks',
    body: { taskType: input.model.wire, internal: false, options, ...(input.webhook ? { notify_hook: input.webhook } : {}) },
  };
}

function failureOf(task: WebTask): TaskSnapshot['failure'] {
  const state = stateOf(task.status);
  if (state !== 'failed' && state !== 'cancelled') return undefined;
  const error = task.error as { message?: unknown; reason?: unknown; code?: unknown } | string | null | undefined;
  const message =
    typeof error === 'string'
      ? error
      : typeof error?.message === 'string'
        ? error.message
        : typeof error?.reason === 'string'
          ? error.reason
          : (task.progressText ?? (state === 'cancelled' ? 'The task was cancelled' : 'The task failed'));
  const code = typeof error === 'object' && typeof error?.code === 'string' ? error.code : undefined;
  return { message, code, moderation: isModeration(code, message) };
}

export function snapshotOf(task: WebTask): TaskSnapshot {
  const state = stateOf(task.status);
  const startsIn = task.estimatedTimeToStartSeconds;
  return {
    id: task.id,
    state,
    rawStatus: task.status,
    progress: state === 'succeeded' ? 1 : parseProgress(task.progressRatio),
    startsInSeconds: startsIn === null || startsIn === undefined || startsIn === '' ? undefined : Number(startsIn),
    outputs: (task.artifacts ?? []).map((a) => ({ url: a.url, bytes: positiveInt(a.fileSize), serverName: a.filename ?? undefined })),
    failure: failureOf(task),
    createdAt: task.createdAt ?? undefined,
  };
}

export function parseTask(data: unknown): ParsedTask {
  const notYet = saysTaskNotExist(data);
  if (notYet) return { found: false, message: notYet };
  return { found: true, task: snapshotOf(parseWith(taskAnswer, data, 'task answer').task) };
}

export const webTasks: ProtocolAdapter = {
  id: 'web-tasks',
  catalog: webTaskModels,
  commonExtras: ['webhook', 'watermark', 'explore'],
  media: {
    imageFile: 'upload',
    videoFile: 'upload',
    dataUriMaxBytes: 'refuse',
    httpsUrl: 'warn',
    runwayUri: false,
    inlineMaxBytes: 0,
    refuseAdvice: 'Pass the local file path instead: it is uploaded to the provider first.',
  },
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  buildCreate,
  parseCreate: (data) => ({ taskId: parseWith(taskAnswer, data, 'answer to the create request').task.id }),
  buildGetTask: (taskId) => ({ method: 'GET', path: `/tasks/${encodeURIComponent(taskId)}` }),
  parseTask,
  taskAnswerStatuses: [404],
  buildCancel: (taskId) => ({ method: 'DELETE', path: `/tasks/${encodeURIComponent(taskId)}` }),
  upload: {
    maxBytes: 200 * 1024 * 1024,
    start: (file) => ({ method: 'POST', path: '/uploads', body: { filename: file.name, numberOfParts: 1, type: 'DATASET_PREVIEW' } }),
    parseStart: (data) => {
      const answer = parseWith(uploadStartAnswer, data, 'answer to the upload request');
      const url = answer.uploadUrls[0] as string;
      return {
        transfer: { method: 'PUT', url, headers: answer.uploadHeaders ?? {} },
        complete: (etag) => ({
          method: 'POST',
          path: `/uploads/${encodeURIComponent(answer.id)}/complete`,
          body: { parts: [{ PartNumber: 1, ETag: etag }] },
        }),
      };
    },
    parseComplete: (data) => parseWith(uploadCompleteAnswer, data, 'answer to the upload completion').url,
  },
};
