/**
 * The pro/generate + feed protocol (seed 004). Business errors come back as HTTP 200 with a
 * non-200 `code`, as the gateway does. The feed answers in shape (a) "digits" or (b) "wrapper".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, sendJson } from './http-util.js';
import { viewAt, type SimTask } from './tasks.js';
import type { SimContext } from './context.js';
import type { RouteResult } from './official.js';

const ratios = ['16:9', '9:16', '1:1', '1280:720', '720:1280'];
const motionKeys = ['x', 'y', 'z', 'r', 'bg_x_pan', 'bg_y_pan'];

function refuse(res: ServerResponse, msg: string): RouteResult {
  sendJson(res, 200, { code: 400, msg, data: null, exec_time: 0.01 });
  return {};
}

function digitsAnswer(ctx: SimContext, task: SimTask): Record<string, unknown> {
  const view = viewAt(task, ctx.now());
  const status = { PENDING: '0', THROTTLED: '0', RUNNING: '1', SUCCEEDED: '2', FAILED: '3', CANCELLED: '3' }[view.state];
  const succeeded = view.state === 'SUCCEEDED';
  const failed = view.state === 'FAILED' || view.state === 'CANCELLED';
  return {
    code: 200,
    msg: 'success',
    data: {
      task_id: task.id,
      status,
      video_url: succeeded ? ctx.signedUrl(`/artifacts/${task.id}/0.mp4`) : null,
      poster: succeeded ? ctx.signedUrl(`/previews/${task.id}/0.jpg`) : null,
      last_frame: null,
      msg: failed ? (task.outcome === 'moderation' ? 'Prompt rejected by content moderation' : 'Generation failed') : '',
      refund: failed ? '1' : '0',
    },
    exec_time: 0.02,
  };
}

function wrapperAnswer(ctx: SimContext, task: SimTask): Record<string, unknown> {
  const view = viewAt(task, ctx.now());
  const status = {
    PENDING: 'NOT_START',
    THROTTLED: 'QUEUED',
    RUNNING: 'IN_PROGRESS',
    SUCCEEDED: 'SUCCESS',
    FAILED: 'FAILURE',
    CANCELLED: 'FAILURE',
  }[view.state];
  const url = view.state === 'SUCCEEDED' ? ctx.signedUrl(`/artifacts/${task.id}/0.mp4`) : undefined;
  const progress = view.state === 'SUCCEEDED' ? 1 : (view.progress ?? 0);
  return {
    code: 'success',
    message: '',
    data: {
      task_id: task.id,
      action: 'generate',
      status,
      fail_reason:
        view.state === 'FAILED' ? (task.outcome === 'moderation' ? 'Prompt rejected by content moderation' : 'Generation failed') : '',
      progress: `${Math.round(progress * 100)}%`,
      ...(url ? { result_url: url } : {}),
      data: { task_id: task.id, video_url: url ?? null },
    },
  };
}

const loopbackHttp = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?\//;

export async function handleProFeed(
  ctx: SimContext,
  shape: 'digits' | 'wrapper',
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: unknown,
): Promise<RouteResult> {
  if (req.method !== 'POST') {
    sendJson(res, 405, { code: 405, msg: 'method not allowed' });
    return {};
  }
  if (path === '/runway/pro/generate') {
    if (!isObject(body)) return refuse(res, 'invalid_json');
    if (typeof body.callback_url !== 'string' || body.callback_url === '') return refuse(res, 'callback_url_empty');
    if (typeof body.prompt !== 'string') return refuse(res, 'prompt_required');
    const forced = /\[sim:refuse=([a-z_]+)\]/i.exec(body.prompt);
    if (forced) return refuse(res, forced[1] as string);
    if (!['gen2', 'gen3', 'gen4'].includes(String(body.model))) return refuse(res, 'model_invalid');
    if (!ratios.includes(String(body.ratio))) return refuse(res, 'ratio_invalid');
    if (typeof body.style !== 'string') return refuse(res, 'style_required');
    // This machine stands for the internet: loopback http:// is as public as https:// here.
    if (
      body.image !== undefined &&
      (typeof body.image !== 'string' || !(body.image.startsWith('https://') || loopbackHttp.test(body.image)))
    )
      return refuse(res, 'image_must_be_https_url');
    const options = body.options;
    if (!isObject(options) || (options.seconds !== 5 && options.seconds !== 10)) return refuse(res, 'options_seconds_invalid');
    const motion = options.motion_vector;
    if (!isObject(motion) || motionKeys.some((k) => typeof motion[k] !== 'number')) return refuse(res, 'options_motion_vector_invalid');
    const task = ctx.store.create({
      flavor: 'cometapi',
      prompt: body.prompt,
      model: String(body.model),
      duration: options.seconds,
      ratio: String(body.ratio),
      body,
      now: ctx.now(),
    });
    if (body.image !== undefined && options.image_as_end_frame !== true) ctx.renderFrom(task, { image: body.image });
    sendJson(res, 200, { code: 200, msg: '成功', data: { task_id: task.id }, exec_time: 0.67 });
    return { created: task };
  }
  if (path === '/runway/feed') {
    const id = isObject(body) ? body.task_id : undefined;
    const task = typeof id === 'string' ? ctx.store.get(id) : undefined;
    if (!task || task.polls < (ctx.options.notFoundPolls ?? 0)) {
      if (task) task.polls++;
      sendJson(res, 200, { code: 'task_not_exist', msg: 'task_not_exist', data: null });
      return {};
    }
    task.polls++;
    sendJson(res, 200, shape === 'wrapper' ? wrapperAnswer(ctx, task) : digitsAnswer(ctx, task));
    return {};
  }
  sendJson(res, 404, { code: 404, msg: `no route ${path}` });
  return {};
}
