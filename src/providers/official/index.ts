/** The official Runway API (`/v1/...`), also spoken by gateways behind a path prefix. */
import { isModeration, parseProgress, parseWith, saysTaskNotExist, stateOf } from '../common.js';
import { ProviderAnswerError, type ModelSpec, type ParsedTask, type PreparedGeneration, type ProtocolAdapter, type RequestSpec, type TaskSnapshot } from '../types.js';
import { currentOfficialModels, officialModels } from './models.js';
import { officialCatalog } from './catalog/index.js';
import { checkBody } from './catalog/check.js';
import type { VideoEndpoint } from './catalog/models.js';
import { createAnswer, officialTask, organizationAnswer, uploadAnswer, wrappedTask, type OfficialTask } from './schemas.js';

export const apiVersion = '2024-11-06';

function promptImage(input: PreparedGeneration): string | { uri: string; position: 'first' | 'last' }[] | undefined {
  if (input.lastFrame === undefined) return input.image;
  const frames: { uri: string; position: 'first' | 'last' }[] = [];
  if (input.image !== undefined) frames.push({ uri: input.image, position: 'first' });
  frames.push({ uri: input.lastFrame, position: 'last' });
  return frames;
}

/** Which endpoint a generation goes to: a video in, an image in, or text alone. */
export function endpointOf(input: Pick<PreparedGeneration, 'video' | 'image' | 'lastFrame'>): VideoEndpoint {
  if (input.video !== undefined) return 'video_to_video';
  return input.image !== undefined || input.lastFrame !== undefined ? 'image_to_video' : 'text_to_video';
}

const some = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);

export function buildCreate(input: PreparedGeneration): RequestSpec {
  const endpoint = endpointOf(input);
  const keepsLength = endpoint === 'video_to_video' && input.model.lengthFromInput === true;
  const fields: Record<string, unknown> = {
    model: input.model.wire,
    promptText: input.prompt,
    ratio: input.ratio,
    duration: keepsLength ? undefined : input.duration,
    seed: input.seed,
    watermark: input.watermark,
    contentModeration: input.publicFigureThreshold ? { publicFigureThreshold: input.publicFigureThreshold } : undefined,
    notify_hook: input.webhook || undefined,
    audio: input.audio,
    negativePrompt: input.negativePrompt,
    resolution: input.resolution,
    outputFormat: input.outputFormat,
    proresProfile: input.proresProfile,
    references: some(input.references)?.map((uri) => ({ uri })),
    referenceVideos: some(input.referenceVideos)?.map((uri) => ({ type: 'video', uri })),
    referenceAudio: some(input.referenceAudio)?.map((uri) => ({ type: 'audio', uri })),
    // --param: any other field, as given (validated against the catalog where the model is known).
    ...input.param,
  };
  const common = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const path = `/v1/${endpoint}`;
  if (endpoint === 'video_to_video') return { method: 'POST', path, body: { [input.model.videoField ?? 'videoUri']: input.video, ...common } };
  if (endpoint === 'text_to_video') return { method: 'POST', path, body: common };
  return { method: 'POST', path, body: { promptImage: promptImage(input), ...common } };
}

/**
 * The exact body checked against the catalog, where the provider speaks the official API itself
 * (gateways add fields of their own) and the model is a current one.
 */
export function checkCreate(spec: RequestSpec, model: ModelSpec): string[] {
  if (model.removed || !currentOfficialModels.some((m) => m.id === model.id)) return [];
  const endpoint = spec.path.replace(/^\/v1\//, '');
  return checkBody(officialCatalog, endpoint, spec.body).map((issue) => `${model.id} on ${endpoint}: ${issue.path.join('.') || 'the body'} ${issue.message}.`);
}

export function parseCreate(data: unknown): { taskId: string } {
  const answer = parseWith(createAnswer, data, 'answer to the create request');
  const nested = typeof answer.data === 'string' ? answer.data : (answer.data?.task_id ?? answer.data?.id);
  const taskId = answer.id ?? nested ?? answer.task_id;
  if (taskId) return { taskId };
  const said = answer.message ?? answer.msg ?? (typeof answer.error === 'string' ? answer.error : undefined);
  const code = answer.code;
  const refused = (code !== undefined && !['0', '200', 'success'].includes(String(code).toLowerCase())) || answer.error !== undefined;
  throw new ProviderAnswerError(`The create answer has no task id${said ? `: ${said}` : ''} (code ${String(code ?? 'none')})`, refused);
}

function snapshotOf(task: OfficialTask): TaskSnapshot {
  const state = stateOf(task.status);
  return {
    id: task.id,
    state,
    rawStatus: task.status,
    progress: state === 'succeeded' ? 1 : parseProgress(task.progress),
    outputs: (task.output ?? []).map((url) => ({ url })),
    failure:
      state === 'failed' || state === 'cancelled'
        ? {
            message: task.failure ?? (state === 'cancelled' ? 'The task was cancelled' : 'The task failed'),
            code: task.failureCode ?? undefined,
            moderation: isModeration(task.failureCode, task.failure),
          }
        : undefined,
    createdAt: task.createdAt ?? undefined,
    credits: task.cost ? { amount: task.cost.credits, final: true } : task.estimatedCost ? { amount: task.estimatedCost.credits, final: false } : undefined,
  };
}

function unwrap(data: unknown, taskId: string): TaskSnapshot {
  const wrapper = parseWith(wrappedTask, data, 'task answer');
  const inner = officialTask.safeParse(wrapper.data.data);
  if (inner.success) return snapshotOf(inner.data);
  const d = wrapper.data;
  const state = stateOf(d.status);
  return {
    id: d.task_id || taskId,
    state,
    rawStatus: d.status,
    progress: state === 'succeeded' ? 1 : parseProgress(d.progress),
    outputs: d.result_url ? [{ url: d.result_url }] : [],
    failure:
      state === 'failed' || state === 'cancelled'
        ? { message: d.fail_reason || 'The task failed', moderation: isModeration(undefined, d.fail_reason) }
        : undefined,
  };
}

export function parseTask(data: unknown, taskId: string): ParsedTask {
  const notYet = saysTaskNotExist(data);
  if (notYet) return { found: false, message: notYet };
  if (data && typeof data === 'object' && 'data' in data && !('status' in data)) {
    return { found: true, task: unwrap(data, taskId) };
  }
  return { found: true, task: snapshotOf(parseWith(officialTask, data, 'task answer')) };
}

export const official: ProtocolAdapter = {
  id: 'official',
  catalog: officialModels,
  commonExtras: ['webhook', 'watermark', 'publicFigureThreshold', 'param'],
  checkCreate,
  media: {
    imageFile: 'inline-or-upload',
    videoFile: 'upload',
    dataUriMaxBytes: 5 * 1024 * 1024,
    httpsUrl: 'pass',
    runwayUri: true,
    inlineMaxBytes: 5 * 1024 * 1024,
  },
  authHeaders: (key) => ({ authorization: `Bearer ${key}`, 'x-runway-version': apiVersion }),
  buildCreate,
  parseCreate,
  buildGetTask: (taskId) => ({ method: 'GET', path: `/v1/tasks/${encodeURIComponent(taskId)}` }),
  parseTask,
  taskAnswerStatuses: [404],
  buildCancel: (taskId) => ({ method: 'DELETE', path: `/v1/tasks/${encodeURIComponent(taskId)}` }),
  upload: {
    maxBytes: 200 * 1024 * 1024,
    minBytes: 512,
    start: (file) => ({ method: 'POST', path: '/v1/uploads', body: { filename: file.name, type: 'ephemeral' } }),
    parseStart: (data) => {
      const answer = parseWith(uploadAnswer, data, 'answer to the upload request');
      return { transfer: { method: 'POST-multipart', url: answer.uploadUrl, fields: answer.fields }, uri: answer.runwayUri };
    },
  },
  balance: {
    build: () => ({ method: 'GET', path: '/v1/organization' }),
    parse: (data) => {
      const answer = parseWith(organizationAnswer, data, 'organization answer');
      return { credits: answer.creditBalance, details: { tier: answer.tier, usage: answer.usage } };
    },
  },
};
