/**
 * The web-tasks protocol (seeds 000/002) as the simulator serves it: `openai-hk-legacy`
 * (base /runway) and `openai-core` (base /runway/v2, which adds `server_id`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, sendJson } from './http-util.js';
import { artifactOf, paddedSize } from './artifact.js';
import { viewAt, type SimTask } from './tasks.js';
import type { SimContext } from './context.js';
import type { RouteResult } from './official.js';

export type WebFlavor = 'openai-hk-legacy' | 'openai-core';

const optionalUrlFields = ['init_image', 'image_prompt', 'video_prompt', 'init_video', 'extended_from_task_id'];

const mimeByExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

function ownStorage(ctx: SimContext, url: unknown, kind: 'datasets' | 'artifacts'): boolean {
  return typeof url === 'string' && url.startsWith(`${ctx.storageUrl}/${kind}/`);
}

export function validateWebCreate(ctx: SimContext, flavor: WebFlavor, body: unknown): string[] {
  if (!isObject(body)) return ['body must be a JSON object'];
  const problems: string[] = [];
  const taskType = body.taskType;
  if (taskType !== 'gen2' && taskType !== 'europa' && taskType !== 'gen3a_turbo') problems.push(`unknown taskType "${String(taskType)}"`);
  if (body.internal !== false) problems.push('internal must be false');
  if (body.notify_hook !== undefined && typeof body.notify_hook !== 'string') problems.push('notify_hook must be a string');
  const options = body.options;
  if (!isObject(options)) return [...problems, 'options must be an object'];
  if (typeof options.name !== 'string' || !options.name) problems.push('options.name is required');
  const scope = taskType === 'gen2' ? (isObject(options.gen2Options) ? options.gen2Options : undefined) : options;
  if (!scope) return [...problems, 'options.gen2Options is required for gen2'];
  for (const field of optionalUrlFields) {
    if (field in scope && (scope[field] === '' || scope[field] === null)) {
      problems.push(`${field} must be omitted when unused (got ${JSON.stringify(scope[field])})`);
    }
  }
  for (const field of ['init_image', 'image_prompt', 'video_prompt']) {
    if (typeof scope[field] === 'string' && scope[field] !== '' && !ownStorage(ctx, scope[field], 'datasets')) {
      problems.push(`${field} must be a URL from the upload endpoint`);
    }
  }
  if (!Number.isInteger(scope.seed) || (scope.seed as number) < 0 || (scope.seed as number) > 4294967295)
    problems.push('seed must be an integer in 0..4294967295');
  if (typeof scope.text_prompt !== 'string' || [...scope.text_prompt].length > 1000)
    problems.push('text_prompt must be a string of at most 1000 characters');
  if (taskType === 'gen2') {
    if (options.seconds !== 4) problems.push('gen2 seconds must be 4');
    if (scope.mode !== 'gen2') problems.push('gen2Options.mode must be "gen2"');
    if (typeof scope.motion_score !== 'number') problems.push('gen2Options.motion_score must be a number');
    return problems;
  }
  if (options.seconds !== 5 && options.seconds !== 10) problems.push('seconds must be 5 or 10');
  const dimensionsOptional = flavor === 'openai-core' && options.width === undefined && options.height === undefined;
  if (!dimensionsOptional && (options.width !== 1280 || options.height !== 768)) problems.push('width x height must be 1280 x 768');
  if (taskType === 'gen3a_turbo' && !options.init_image && !options.video_prompt && !options.init_video)
    problems.push('gen3a_turbo needs init_image or video_prompt');
  if (options.video_prompt !== undefined) {
    const s = options.structure_transformation;
    if (typeof s !== 'number' || s < 0 || s > 1) problems.push('structure_transformation must be between 0 and 1');
    if (options.init_image !== undefined) problems.push('video_prompt cannot be combined with init_image');
  }
  if ((options.extended_from_task_id === undefined) !== (options.init_video === undefined)) {
    problems.push('extended_from_task_id and init_video go together');
  }
  if (typeof options.extended_from_task_id === 'string') {
    const earlier = ctx.store.get(options.extended_from_task_id);
    if (!earlier || viewAt(earlier, ctx.now()).state !== 'SUCCEEDED') problems.push('extended_from_task_id must name a succeeded task');
    if (!ownStorage(ctx, options.init_video, 'artifacts')) problems.push("init_video must be the earlier task's artifact URL");
  }
  return problems;
}

function taskJson(ctx: SimContext, task: SimTask): Record<string, unknown> {
  const rendered = ctx.renderer.sizeOf(task.id);
  const seen = viewAt(task, ctx.now());
  // A clip still being rendered is not done yet: its size is announced with it.
  const view = seen.state === 'SUCCEEDED' && rendered === 'pending' ? { state: 'RUNNING' as const, progress: 0.99 } : seen;
  const created = new Date(task.createdAt).toISOString();
  const body = task.body as { options?: Record<string, unknown> };
  const failed = view.state === 'FAILED';
  const error = !failed
    ? null
    : task.outcome === 'moderation'
      ? 'Your prompt was flagged by our content moderation system.'
      : { message: 'The generation failed. Please try again.', reason: 'INTERNAL' };
  const artifacts =
    view.state !== 'SUCCEEDED'
      ? []
      : [
          {
            id: `${task.id.slice(0, 8)}-art0-4000-8000-000000000000`,
            createdAt: new Date(view.completedAt ?? task.createdAt).toISOString(),
            updatedAt: new Date(view.completedAt ?? task.createdAt).toISOString(),
            userId: 17792681,
            createdBy: 17792681,
            taskId: task.id,
            parentAssetGroupId: 'bffe20f1-b5c6-4bc1-a32f-bb71c8148adc',
            filename: `${task.name ?? 'Gen-3 Alpha'}, ${task.prompt.split(/\s+/).slice(0, 4).join(' ')}/../../etc/passwd.mp4`,
            url: ctx.signedUrl(`/artifacts/${task.id}/0.mp4`),
            fileSize: String(
              task.announcedBytes ??
                (typeof rendered === 'number'
                  ? paddedSize(rendered, task.artifactBytes)
                  : artifactOf(task.artifactBytes, task.duration).size),
            ),
            isDirectory: false,
            previewUrls: [ctx.signedUrl(`/previews/${task.id}/0.jpg`)],
            private: true,
            privateInTeam: true,
            deleted: false,
            reported: false,
            metadata: { frameRate: 24, duration: task.duration, dimensions: [1280, 768], size: { width: 1280, height: 768 } },
            favorite: false,
          },
        ];
  return {
    id: task.id,
    name: task.name,
    image: null,
    createdAt: created,
    updatedAt: new Date(ctx.now()).toISOString(),
    taskType: task.taskType,
    options: { ...body.options, recordingEnabled: true },
    status: view.state,
    error,
    progressText: null,
    progressRatio: view.state === 'RUNNING' ? String(view.progress) : view.state === 'SUCCEEDED' ? '1' : null,
    estimatedTimeToStartSeconds: view.startsIn ?? null,
    artifacts,
    sharedAsset: null,
  };
}

function answer(ctx: SimContext, flavor: WebFlavor, task: SimTask): Record<string, unknown> {
  const json: Record<string, unknown> = { task: taskJson(ctx, task) };
  if (flavor === 'openai-core') json.server_id = 'd94b7b6d-cde7-413d-9408-a7a4009194fe';
  return json;
}

export async function handleWebTasks(
  ctx: SimContext,
  flavor: WebFlavor,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: unknown,
): Promise<RouteResult> {
  const method = req.method ?? 'GET';
  if (path === '/tasks' && method === 'POST') {
    const problems = validateWebCreate(ctx, flavor, body);
    if (problems.length > 0) {
      sendJson(res, 400, { error: problems.join('; ') });
      return {};
    }
    const b = body as { taskType: string; options: Record<string, unknown> };
    const scope = b.taskType === 'gen2' ? (b.options.gen2Options as Record<string, unknown>) : b.options;
    const task = ctx.store.create({
      flavor,
      prompt: typeof scope.text_prompt === 'string' ? scope.text_prompt : '',
      model: b.taskType,
      taskType: b.taskType === 'europa' ? 'gen3a' : b.taskType,
      duration: Number(b.options.seconds),
      body,
      name: String(b.options.name),
      now: ctx.now(),
    });
    if (b.options.init_video !== undefined) ctx.renderFrom(task, { clipEnd: b.options.init_video });
    sendJson(res, 200, answer(ctx, flavor, task));
    return { created: task };
  }
  const taskPath = /^\/tasks\/([^/]+)$/.exec(path);
  if (taskPath) {
    const task = ctx.store.get(decodeURIComponent(taskPath[1] as string));
    if (task && method === 'GET' && task.polls < (ctx.options.notFoundPolls ?? 0)) {
      task.polls++;
      sendJson(res, 404, { error: 'task_not_exist' });
      return {};
    }
    if (!task) {
      sendJson(res, 404, { error: 'Task not found' });
      return {};
    }
    if (method === 'GET') {
      task.polls++;
      sendJson(res, 200, answer(ctx, flavor, task));
      return {};
    }
    if (method === 'DELETE') {
      task.cancelledAt = ctx.now();
      ctx.store.save(task);
      sendJson(res, 200, { success: true });
      return {};
    }
  }
  if (path === '/uploads' && method === 'POST') {
    if (!isObject(body) || typeof body.filename !== 'string' || body.numberOfParts !== 1 || body.type !== 'DATASET_PREVIEW') {
      sendJson(res, 400, { error: 'expected {filename, numberOfParts: 1, type: "DATASET_PREVIEW"}' });
      return {};
    }
    const ext = (/\.([a-z0-9]+)$/i.exec(body.filename)?.[1] ?? 'bin').toLowerCase();
    const mime = mimeByExtension[ext] ?? 'application/octet-stream';
    const id = randomUUID();
    ctx.uploads.set(id, { filename: body.filename, mime });
    sendJson(res, 200, {
      id,
      uploadUrls: [
        `${ctx.storageUrl}/put/${id}.${ext}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=86400&X-Amz-Signature=${ctx.sign(id, 1)}&x-id=PutObject`,
      ],
      uploadHeaders: { 'Content-Type': mime },
    });
    return {};
  }
  const complete = /^\/uploads\/([^/]+)\/complete$/.exec(path);
  if (complete && method === 'POST') {
    const id = decodeURIComponent(complete[1] as string);
    const upload = ctx.uploads.get(id);
    const parts = isObject(body) && Array.isArray(body.parts) ? (body.parts as unknown[]) : [];
    const part = parts[0];
    if (!upload) {
      sendJson(res, 404, { error: 'upload not found' });
      return {};
    }
    if (!isObject(part) || part.PartNumber !== 1 || typeof part.ETag !== 'string' || !part.ETag) {
      sendJson(res, 400, { error: 'expected {parts: [{PartNumber: 1, ETag}]}' });
      return {};
    }
    if (upload.bytes === undefined) {
      sendJson(res, 400, { error: 'nothing was uploaded for this id' });
      return {};
    }
    upload.completed = true;
    const ext = /\.([a-z0-9]+)$/i.exec(upload.filename)?.[1]?.toLowerCase() ?? 'bin';
    sendJson(res, 200, { url: ctx.signedUrl(`/datasets/${id}.${ext}`) });
    return {};
  }
  sendJson(res, 404, { error: `No route for ${method} ${path}` });
  return {};
}
