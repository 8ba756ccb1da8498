/** The official Runway API (`/v1/...`), also spoken by gateways behind a path prefix. */
import { isModeration, parseProgress, parseWith, saysTaskNotExist, stateOf } from '../common.js';
import {
  ProviderAnswerError,
  type CreatedTask,
  type ModelSpec,
  type ParsedTask,
  type PreparedGeneration,
  type ProtocolAdapter,
  type RequestSpec,
  type TaskSnapshot,
} from '../types.js';
import { officialModels } from './models.js';
import { buildRouted, parseRouted } from './router.js';
import { officialCatalog } from './catalog/index.js';
import { checkBody, issueText } from './catalog/check.js';
import { catalogEndpoint } from './run/endpoints.js';
import { invocationId, invocationPrefix, isInvocation, parseInvocation } from './workflows.js';
import { modelsOf } from './catalog/types.js';
import { extraWire, type VideoEndpoint } from './catalog/models.js';
import { extraFields, type ExtraName } from '../fields/generation.js';
import { fieldLabel } from '../fields/spec.js';
import type { ToolEndpoint } from '../types.js';

type OfficialEndpoint = VideoEndpoint | ToolEndpoint;
import { createAnswer, officialTask, organizationAnswer, uploadAnswer, usageAnswer, wrappedTask, type OfficialTask } from './schemas.js';

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

/** The protocol fields (the field table's extras) under their wire names. */
function wireExtras(input: PreparedGeneration): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, wire] of Object.entries(extraWire) as [ExtraName, string][]) {
    const value = input[name];
    if (value === undefined) continue;
    if (name === 'publicFigureThreshold') fields[wire] = { publicFigureThreshold: value };
    // 23.98 is typed as people say it; the API spells it 23_98.
    else if (name === 'fps') fields[wire] = (typeof value === 'number' ? value.toString() : (value as string)).replace('.', '_');
    else fields[wire] = value;
  }
  return fields;
}

/** The input's own fields on each endpoint: the media, where each endpoint wants it. */
function mediaFields(endpoint: OfficialEndpoint, input: PreparedGeneration): Record<string, unknown> {
  const references = some(input.references)?.map((uri) => ({ uri }));
  switch (endpoint) {
    case 'text_to_image':
      return { referenceImages: references };
    case 'character_performance':
      return { character: input.character, reference: input.video === undefined ? undefined : { type: 'video', uri: input.video } };
    case 'video_upscale':
    case 'video_to_hdr':
      return { videoUri: input.video };
    case 'video_to_video':
      return { [input.model.videoField ?? 'videoUri']: input.video, references };
    case 'image_to_video':
      return { promptImage: promptImage(input), references };
    case 'text_to_video':
      return { references };
  }
}

export function buildCreate(input: PreparedGeneration): RequestSpec {
  if (input.model.router) return buildRouted(input, input.model.router);
  const run = input.model.run;
  if (run)
    return { method: 'POST', path: run.path ?? catalogEndpoint(run.endpoint)?.path ?? `/v1/${run.endpoint}`, body: input.body ?? {} };
  const endpoint: OfficialEndpoint = input.model.endpoint ?? endpointOf(input);
  // Models that make a clip as long as their input, and images, take no duration.
  const timed = !input.model.lengthFromInput || endpoint === 'image_to_video' || endpoint === 'text_to_video';
  const fields: Record<string, unknown> = {
    model: input.model.wire,
    ...mediaFields(endpoint, input),
    promptText: input.prompt,
    ratio: input.ratio,
    duration: timed && input.model.output !== 'image' ? input.duration : undefined,
    seed: input.seed,
    watermark: input.watermark,
    notify_hook: input.webhook || undefined,
    ...wireExtras(input),
    referenceVideos: some(input.referenceVideos)?.map((uri) => ({ type: 'video', uri })),
    referenceAudio: some(input.referenceAudio)?.map((uri) => ({ type: 'audio', uri })),
    // --param: any other field, as given (validated against the catalog where the model is known).
    ...input.param,
  };
  return {
    method: 'POST',
    path: `/v1/${endpoint}`,
    body: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  };
}

/**
 * The exact body checked against the catalog, where the provider speaks the official API itself
 * (gateways add fields of their own) and the model is one the catalog has on that endpoint.
 */
export function checkCreate(spec: RequestSpec, model: ModelSpec): string[] {
  const endpoint = spec.path.replace(/^\/v1\//, '');
  if (model.run?.path) return [];
  if (model.run)
    return checkBody(officialCatalog, model.run.endpoint, spec.body).map((issue) => `${model.run?.endpoint}: ${issueText(issue)}`);
  if (model.removed || !modelsOf(officialCatalog.endpoints[endpoint]).some((m) => m.id === model.wire)) return [];
  return checkBody(officialCatalog, endpoint, spec.body).map((issue) => `${model.id} on ${endpoint}: ${issueText(issue)}`);
}

export function parseCreate(data: unknown, request?: RequestSpec): CreatedTask {
  if (data && typeof data === 'object' && 'routing' in data) return parseRouted(data);
  const answer = parseWith(createAnswer, data, 'answer to the create request');
  const nested = typeof answer.data === 'string' ? answer.data : (answer.data?.task_id ?? answer.data?.id);
  const id = answer.id ?? nested ?? answer.task_id;
  const taskId = id !== undefined && request?.path.startsWith('/v1/workflows/') ? `${invocationPrefix}${id}` : id;
  if (taskId) return answer.estimatedCost ? { taskId, estimate: answer.estimatedCost.credits } : { taskId };
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
    credits: task.cost
      ? { amount: task.cost.credits, final: true }
      : task.estimatedCost
        ? { amount: task.estimatedCost.credits, final: false }
        : undefined,
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

/** A workflow invocation as a task: every node's outputs, each named by its node. */
function invocationSnapshot(data: unknown, taskId: string): TaskSnapshot {
  const answer = parseInvocation(data);
  const state = stateOf(answer.status);
  const outputs = Object.entries(answer.output ?? {}).flatMap(([node, urls]) => urls.map((url) => ({ url, serverName: node })));
  const nodeFailures = Object.entries(answer.nodeErrors ?? {}).map(([node, e]) => `${e.nodeName ?? node}: ${e.message}`);
  return {
    id: taskId,
    state,
    rawStatus: answer.status,
    progress: state === 'succeeded' ? 1 : (answer.progress ?? undefined),
    outputs: state === 'succeeded' ? outputs : [],
    failure:
      state === 'failed' || state === 'cancelled'
        ? {
            message: [
              answer.failure ?? (state === 'cancelled' ? 'The invocation was cancelled' : 'The invocation failed'),
              ...nodeFailures,
            ].join('; '),
            code: answer.failureCode ?? undefined,
            moderation: isModeration(answer.failureCode, answer.failure),
          }
        : undefined,
    createdAt: answer.createdAt ?? undefined,
  };
}

export function parseTask(data: unknown, taskId: string): ParsedTask {
  if (isInvocation(taskId)) return { found: true, task: invocationSnapshot(data, taskId) };
  const notYet = saysTaskNotExist(data);
  if (notYet) return { found: false, message: notYet };
  if (data && typeof data === 'object' && 'data' in data && !('status' in data)) {
    return { found: true, task: unwrap(data, taskId) };
  }
  return { found: true, task: snapshotOf(parseWith(officialTask, data, 'task answer')) };
}

/** Every field buildCreate fills from a flag, by wire name: --param must not override them. */
export const ownedFields: Readonly<Record<string, string>> = {
  model: '--model',
  promptText: '--prompt',
  promptImage: '--image/--last-frame',
  ratio: '--ratio',
  duration: '--duration',
  seed: '--seed',
  videoUri: '--video',
  promptVideo: '--video',
  references: '--reference',
  referenceImages: '--reference',
  referenceVideos: '--reference-video',
  referenceAudio: '--reference-audio',
  character: '--character',
  reference: '--reference',
  watermark: '--watermark',
  notify_hook: '--webhook',
  ...Object.fromEntries((Object.entries(extraWire) as [ExtraName, string][]).map(([name, wire]) => [wire, fieldLabel(extraFields[name])])),
};

export const official: ProtocolAdapter = {
  id: 'official',
  catalog: officialModels,
  commonExtras: ['webhook', 'watermark', 'publicFigureThreshold', 'param'],
  ownedFields,
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
  buildGetTask: (taskId) =>
    isInvocation(taskId)
      ? { method: 'GET', path: `/v1/workflow_invocations/${encodeURIComponent(invocationId(taskId))}` }
      : { method: 'GET', path: `/v1/tasks/${encodeURIComponent(taskId)}` },
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
  usage: {
    build: (since) => ({ method: 'POST', path: '/v1/organization/usage', body: since ? { startDate: since } : {} }),
    parse: (data) => {
      const models: Record<string, number> = {};
      for (const day of parseWith(usageAnswer, data, 'usage answer').results) {
        for (const used of day.usedCredits) models[used.model] = (models[used.model] ?? 0) + used.amount;
      }
      return models;
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
