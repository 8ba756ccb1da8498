/**
 * The official protocol, as the simulator serves it under several flavours:
 *   runwayml  strict: requires X-Runway-Version, rejects unknown fields
 *   openai-hk gateway: accepts notify_hook/watermark and first+last frames for gen4_turbo
 *   anyapi    gateway: create answers in the three envelopes its documentation shows
 *   wrapped   gateway: task answers in the CometAPI {code:"success", data:{…}} wrapper
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { officialModels } from '../providers/official/models.js';
import { officialCatalog } from '../providers/official/catalog/index.js';
import { isObject, sendJson } from './http-util.js';
import { fixtureMp4 } from './artifact.js';
import { viewAt, type SimTask } from './tasks.js';
import type { SimContext } from './context.js';
import { taskCost } from './prices.js';
import { handleRouter } from './router.js';
import { createOnEndpoint, servedHere } from './endpoints.js';
import { handleWorkflows } from './workflows.js';
import { checkBody as checkCatalogBody } from '../providers/official/catalog/check.js';
import {
  otherMediaUris,
  validateOfficialCreate,
  validUri,
  type Issue,
  type OfficialEndpoint,
  type OfficialFlavor,
} from './official-validation.js';

export { validateOfficialCreate, type OfficialEndpoint, type OfficialFlavor } from './official-validation.js';

function taskCredits(ctx: SimContext, task: SimTask): number {
  return task.cost ?? taskCost(ctx.options.prices, task.model, task.body, task.duration, task.output === 'image');
}

/** What the API charged for a task as it stands: its estimate while live, its cost once succeeded, nothing when refunded. */
export function chargedFor(ctx: SimContext, task: SimTask): number {
  const state = viewAt(task, ctx.now()).state;
  return state === 'FAILED' || state === 'CANCELLED' ? 0 : taskCredits(ctx, task);
}

function officialTaskJson(ctx: SimContext, task: SimTask): Record<string, unknown> {
  const view = viewAt(task, ctx.now());
  const json: Record<string, unknown> = { id: task.id, status: view.state, createdAt: new Date(task.createdAt).toISOString() };
  // As the real API: what a live task may charge, then what the settled one did (failures are not charged).
  const credits = taskCredits(ctx, task);
  if (view.state === 'PENDING' || view.state === 'THROTTLED' || view.state === 'RUNNING') json.estimatedCost = { credits };
  else json.cost = { credits: view.state === 'SUCCEEDED' ? credits : 0 };
  if (view.state === 'RUNNING') json.progress = view.progress;
  if (view.state === 'SUCCEEDED') json.output = outputUrls(ctx, task);
  if (view.state === 'FAILED') {
    if (task.outcome === 'moderation') {
      json.failure = 'Text prompt did not pass moderation';
      json.failureCode = 'INPUT_PREPROCESSING.SAFETY.TEXT';
    } else {
      json.failure = task.failureText ?? 'An unexpected error occurred.';
      json.failureCode = 'INTERNAL';
    }
  }
  return json;
}

/** A finished task's outputs: signed URLs named by their type (the bytes, not the name, are what a client must trust). */
export function outputUrls(ctx: SimContext, task: SimTask): string[] {
  const count =
    task.outputCount ?? (task.output === 'image' ? Math.max(1, Number((task.body as { outputCount?: unknown }).outputCount) || 1) : 1);
  const extension = (kind: SimTask['output']) => (kind === 'image' ? 'png' : kind === 'audio' ? (task.audioFormat ?? 'wav') : 'mp4');
  return Array.from({ length: count }, (_, i) =>
    ctx.signedUrl(`/artifacts/${task.id}/${i}.${extension(task.outputKinds?.[i] ?? task.output)}`),
  );
}

const wrapperStatus: Record<string, string> = {
  PENDING: 'QUEUED',
  THROTTLED: 'QUEUED',
  RUNNING: 'IN_PROGRESS',
  SUCCEEDED: 'SUCCESS',
  FAILED: 'FAILURE',
  CANCELLED: 'FAILURE',
};

function wrappedTaskJson(ctx: SimContext, task: SimTask): Record<string, unknown> {
  const inner = officialTaskJson(ctx, task);
  const status = String(inner.status);
  return {
    code: 'success',
    message: '',
    data: {
      task_id: task.id,
      action: 'image_to_video',
      status: wrapperStatus[status] ?? 'IN_PROGRESS',
      fail_reason: typeof inner.failure === 'string' ? inner.failure : '',
      progress: `${Math.round(((inner.progress as number | undefined) ?? (status === 'SUCCEEDED' ? 1 : 0)) * 100)}%`,
      ...(Array.isArray(inner.output) ? { result_url: inner.output[0] as unknown } : {}),
      data: inner,
    },
  };
}

function createAnswer(ctx: SimContext, flavor: OfficialFlavor, task: SimTask): unknown {
  // Today's API answers every create with the most the task may charge; the gateways' envelopes do not.
  if (flavor === 'runwayml') return { id: task.id, estimatedCost: { credits: taskCredits(ctx, task) } };
  if (flavor !== 'anyapi') return { id: task.id };
  const shapes = ['plain', 'envelope', 'luma'] as const;
  const choice =
    ctx.options.anyapiEnvelope && ctx.options.anyapiEnvelope !== 'rotate' ? ctx.options.anyapiEnvelope : shapes[ctx.anyapiCreates++ % 3];
  const seconds = Math.floor(task.createdAt / 1000);
  if (choice === 'envelope') {
    return {
      code: 200,
      message: 'success',
      request_id: randomUUID(),
      data: { task_id: task.id, task_status: 'submitted', created_at: seconds, updated_at: seconds },
    };
  }
  if (choice === 'luma') {
    return {
      id: task.id,
      prompt: '',
      state: 'pending',
      queue_state: null,
      created_at: new Date(task.createdAt).toISOString(),
      batch_id: '',
      video: null,
      video_raw: null,
      liked: null,
      estimate_wait_seconds: null,
      thumbnail: null,
      last_frame: null,
    };
  }
  return { id: task.id };
}

export interface RouteResult {
  /** Set after a create, so the router can apply `drop-response`. */
  created?: SimTask;
}

export async function handleOfficial(
  ctx: SimContext,
  flavor: OfficialFlavor,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: unknown,
): Promise<RouteResult> {
  if (flavor === 'runwayml') {
    const version = req.headers['x-runway-version'];
    if (version !== '2024-11-06') {
      sendJson(res, 400, {
        error: version ? `Unsupported API version "${String(version)}"` : 'The X-Runway-Version header is required.',
        docUrl: 'https://docs.dev.runwayml.com/api/',
      });
      return {};
    }
  }
  const method = req.method ?? 'GET';
  const routed = flavor === 'runwayml' ? handleRouter(ctx, method, path, body, res) : undefined;
  if (routed) return routed;
  // The catalog's other endpoints (upscale, frame rate, HDR, Act-Two, images), as the API of today.
  const other = /^\/v1\/(video_upscale|video_to_hdr|character_performance|text_to_image)$/.exec(path);
  if (other && method === 'POST' && flavor === 'runwayml') {
    const endpoint = other[1] as string;
    const issues: Issue[] = checkCatalogBody(officialCatalog, endpoint, body);
    for (const [at, uri] of otherMediaUris(body)) {
      const problem = validUri(ctx, uri, at[0] === 'referenceImages' ? 'image' : 'video');
      if (problem && !(typeof uri === 'string' && uri.startsWith('data:image/'))) issues.push({ path: at, message: problem });
    }
    if (issues.length > 0) {
      sendJson(res, 400, { error: `Validation of body failed: ${issues[0]?.path.join('.') || 'body'}: ${issues[0]?.message}`, issues });
      return {};
    }
    const b = body as Record<string, unknown>;
    const output = endpoint === 'text_to_image' ? 'image' : 'video';
    const cost = taskCost(ctx.options.prices, String(b.model), body, 5, output === 'image');
    if (ctx.credits < cost) {
      sendJson(res, 400, { error: 'You do not have enough credits to run this task.' });
      return {};
    }
    ctx.credits -= cost;
    const task = ctx.store.create({
      flavor,
      prompt: typeof b.promptText === 'string' ? b.promptText : '',
      model: String(b.model),
      duration: 5,
      body,
      now: ctx.now(),
      output,
      cost,
    });
    // An upscale is a bigger file than what went in.
    if (endpoint === 'video_upscale' && b.model === 'magnific_video_upscaler_creative') {
      task.artifactBytes = Math.max(task.artifactBytes, fixtureMp4().length) * 4;
      ctx.store.save(task);
    }
    sendJson(res, 200, createAnswer(ctx, flavor, task));
    return { created: task };
  }
  const endpoint = path.startsWith('/v1/') ? path.slice('/v1/'.length) : '';
  if (method === 'POST' && flavor === 'runwayml' && servedHere(endpoint)) return createOnEndpoint(ctx, endpoint, body, res);
  if (flavor === 'runwayml') {
    const workflow = handleWorkflows(ctx, method, path, body, res);
    if (workflow) return workflow;
  }
  const create = /^\/v1\/(image|text|video)_to_video$/.exec(path);
  if (create && method === 'POST') {
    const endpoint = create[1] as OfficialEndpoint;
    const issues = validateOfficialCreate(ctx, flavor, endpoint, body);
    if (issues.length > 0) {
      sendJson(res, 400, { error: `Validation of body failed: ${issues[0]?.path.join('.') || 'body'}: ${issues[0]?.message}`, issues });
      return {};
    }
    const b = body as Record<string, unknown>;
    // A video-to-video output is as long as its input; the simulator's inputs count as 5 s.
    const duration = typeof b.duration === 'number' ? b.duration : b.duration === 'auto' ? 8 : endpoint === 'video' ? 5 : 10;
    const cost = taskCost(ctx.options.prices, String(b.model), body, duration, false);
    if (ctx.credits < cost) {
      sendJson(res, 400, { error: 'You do not have enough credits to run this task.' });
      return {};
    }
    ctx.credits -= cost;
    const task = ctx.store.create({
      flavor,
      prompt: typeof b.promptText === 'string' ? b.promptText : '',
      model: String(b.model),
      duration,
      ratio: typeof b.ratio === 'string' ? b.ratio : '',
      body,
      now: ctx.now(),
      cost,
    });
    if (endpoint === 'image') ctx.renderFrom(task, { image: firstFrameUri(b.promptImage) });
    if (endpoint === 'video' && b.mode === 'extend') ctx.renderFrom(task, { clipEnd: b.videoUri ?? b.promptVideo });
    sendJson(res, 200, createAnswer(ctx, flavor, task));
    return { created: task };
  }
  const taskPath = /^\/v1\/tasks\/([^/]+)$/.exec(path);
  if (taskPath) {
    const task = ctx.store.get(decodeURIComponent(taskPath[1] as string));
    if (method === 'GET') {
      if (task && flavor !== 'runwayml' && task.polls < (ctx.options.notFoundPolls ?? 0)) {
        task.polls++;
        sendJson(res, 404, { code: 'task_not_exist', message: 'task_not_exist' });
        return {};
      }
      if (!task) {
        sendJson(res, 404, { error: 'Task not found' });
        return {};
      }
      task.polls++;
      sendJson(res, 200, flavor === 'wrapped' ? wrappedTaskJson(ctx, task) : officialTaskJson(ctx, task));
      return {};
    }
    if (method === 'DELETE') {
      if (!task) {
        sendJson(res, 404, { error: 'Task not found' });
        return {};
      }
      const view = viewAt(task, ctx.now());
      if (view.state === 'SUCCEEDED' || view.state === 'FAILED' || view.state === 'CANCELLED') task.deleted = true;
      else {
        // Cancelled before it finished: refunded, as the API does.
        task.cancelledAt = ctx.now();
        ctx.credits += taskCredits(ctx, task);
      }
      ctx.store.save(task);
      res.writeHead(204);
      res.end();
      return {};
    }
  }
  if (path === '/v1/uploads' && method === 'POST' && flavor === 'runwayml') {
    if (!isObject(body) || typeof body.filename !== 'string' || body.filename === '' || body.type !== 'ephemeral') {
      sendJson(res, 400, { error: 'Validation of body failed: expected {filename, type: "ephemeral"}' });
      return {};
    }
    const id = randomUUID();
    const runwayUri = `runway://uploads/${id}`;
    ctx.uploads.set(id, { filename: body.filename, mime: 'application/octet-stream', runwayUri });
    sendJson(res, 200, {
      uploadUrl: `${ctx.storageUrl}/uploads/${id}`,
      fields: {
        key: `uploads/${id}/${body.filename}`,
        policy: Buffer.from(`sim-policy-${id}`).toString('base64'),
        'x-amz-algorithm': 'AWS4-HMAC-SHA256',
        'x-amz-signature': ctx.sign(id, 0),
      },
      runwayUri,
    });
    return {};
  }
  if (path === '/v1/organization' && method === 'GET' && flavor === 'runwayml') {
    sendJson(res, 200, {
      creditBalance: ctx.credits,
      tier: {
        maxMonthlyCreditSpend: 100_000,
        models: Object.fromEntries(officialModels.map((m) => [m.id, { maxConcurrentGenerations: 5, maxDailyGenerations: 1000 }])),
      },
      usage: { models: {} },
    });
    return {};
  }
  if (path === '/v1/organization/usage' && method === 'POST' && flavor === 'runwayml') {
    // What was charged, per day and model, as the organization's usage report gives it.
    const since = isObject(body) && typeof body.startDate === 'string' ? Date.parse(body.startDate) : 0;
    const days = new Map<string, Map<string, number>>();
    for (const task of ctx.store.all()) {
      if (task.flavor !== 'runwayml' || task.createdAt < since || task.createdAt < ctx.chargedSince) continue;
      const day = new Date(task.createdAt).toISOString().slice(0, 10);
      const models = days.get(day) ?? days.set(day, new Map()).get(day)!;
      models.set(task.model, (models.get(task.model) ?? 0) + chargedFor(ctx, task));
    }
    const results = [...days.entries()].map(([date, models]) => ({
      date,
      usedCredits: [...models].map(([model, amount]) => ({ model, amount })),
    }));
    sendJson(res, 200, { models: [...new Set(ctx.store.all().map((t) => t.model))], results });
    return {};
  }
  sendJson(res, 404, { error: `No route for ${method} ${path}` });
  return {};
}

/** The first frame of an image-to-video body: promptImage itself, or its `first` entry. */
function firstFrameUri(promptImage: unknown): unknown {
  if (!Array.isArray(promptImage)) return promptImage;
  const first: unknown = promptImage.find((f) => isObject(f) && f.position === 'first');
  return isObject(first) ? first.uri : undefined;
}
