/**
 * The Model Router as the simulator serves it: saved configs (`/v1/routers`) and generation by a
 * config (`/v1/generate/video|image`), which picks a model among the eligible ones by the config's
 * preference, leaves out those whose estimate is above its price ceiling, and answers with its
 * choice and the estimate (from the simulator's price table).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { isObject, sendJson } from './http-util.js';
import { taskCost } from './prices.js';
import type { SimContext } from './context.js';
import type { SimTask } from './tasks.js';
import { spokenSeconds } from './endpoints.js';

interface RouterSettings {
  schemaVersion: 1;
  optimizeFor: 'cost' | 'latency' | 'quality';
  maxCreditsPerGeneration?: { video?: number; image?: number; audio?: number };
  models?: { ids: string[]; mode: 'allow_new_except' | 'allowlist_only' };
  fallback?: { onCapacity?: boolean };
}

interface SimRouter {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  settings: RouterSettings;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What each modality routes among, in the order "latency" prefers them. */
const routable: Record<Modality, string[]> = {
  video: ['gen4.5', 'veo3.1_fast', 'seedance2', 'wan3', 'hailuo3'],
  image: ['gen4_image_turbo', 'gen4_image', 'seedream5_lite'],
  audio: ['eleven_multilingual_v2', 'seed_audio'],
};

type Modality = 'video' | 'image' | 'audio';

const ratios: Record<string, string> = {
  '16:9': '1280:720',
  '9:16': '720:1280',
  '1:1': '960:960',
  '4:3': '1104:832',
  '3:4': '832:1104',
  '21:9': '1584:672',
};

const routers = new WeakMap<SimContext, Map<string, SimRouter>>();
function savedOf(ctx: SimContext): Map<string, SimRouter> {
  return routers.get(ctx) ?? routers.set(ctx, new Map()).get(ctx)!;
}

function find(ctx: SimContext, idOrSlug: string): SimRouter | undefined {
  return [...savedOf(ctx).values()].find((r) => r.id === idOrSlug || r.slug === idOrSlug);
}

/** The router routes; undefined when the path is not one of them. */
export function handleRouter(
  ctx: SimContext,
  method: string,
  path: string,
  body: unknown,
  res: ServerResponse,
): { created?: SimTask } | undefined {
  if (path === '/v1/routers' && method === 'POST') {
    if (!isObject(body) || typeof body.slug !== 'string' || !/^[a-z0-9][a-z0-9-_]{0,99}$/i.test(body.slug)) {
      sendJson(res, 400, { error: 'Validation of body failed: slug: a slug of letters, digits, - and _ is required' });
      return {};
    }
    if (find(ctx, body.slug)) {
      sendJson(res, 409, { error: `A router with slug "${body.slug}" exists already.` });
      return {};
    }
    const given = isObject(body.settings) ? (body.settings as Partial<RouterSettings>) : {};
    const at = new Date(ctx.now()).toISOString();
    const router: SimRouter = {
      id: randomUUID(),
      slug: body.slug,
      name: typeof body.name === 'string' ? body.name : body.slug,
      description: typeof body.description === 'string' ? body.description : null,
      settings: { schemaVersion: 1, optimizeFor: given.optimizeFor ?? 'cost', ...given },
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    savedOf(ctx).set(router.id, router);
    sendJson(res, 200, router);
    return {};
  }
  if (path === '/v1/routers' && method === 'GET') {
    sendJson(res, 200, { data: [...savedOf(ctx).values()], nextCursor: null });
    return {};
  }
  const one = /^\/v1\/routers\/([^/]+)$/.exec(path);
  if (one) {
    const router = find(ctx, decodeURIComponent(one[1] as string));
    if (!router) {
      sendJson(res, 404, { error: 'Router not found' });
      return {};
    }
    if (method === 'DELETE') {
      savedOf(ctx).delete(router.id);
      res.writeHead(204).end();
    } else sendJson(res, 200, router);
    return {};
  }
  const generate = /^\/v1\/generate\/(video|image|audio)$/.exec(path);
  if (generate && method === 'POST') return route(ctx, generate[1] as Modality, body, res);
  return undefined;
}

function route(ctx: SimContext, modality: Modality, body: unknown, res: ServerResponse): { created?: SimTask } {
  const refuse = (status: number, error: string) => {
    sendJson(res, status, { error });
    return {};
  };
  if (!isObject(body) || typeof body.configId !== 'string' || !isObject(body.input))
    return refuse(400, 'Validation of body failed: configId and input are required');
  const router = find(ctx, body.configId);
  if (!router) return refuse(404, `No Model Router with slug "${body.configId}".`);
  const input = body.input;
  const duration =
    modality === 'image'
      ? 5
      : typeof input.duration === 'number'
        ? input.duration
        : modality === 'audio' && typeof input.promptText === 'string'
          ? spokenSeconds(input.promptText)
          : 5;
  const { models, maxCreditsPerGeneration, optimizeFor } = router.settings;
  const allowed = routable[modality].filter(
    (m) => !models || (models.mode === 'allowlist_only' ? models.ids.includes(m) : !models.ids.includes(m)),
  );
  const ceiling = maxCreditsPerGeneration?.[modality];
  const priced = allowed.map((model) => ({ model, credits: taskCost(ctx.options.prices, model, input, duration, modality === 'image') }));
  const eligible = priced.filter((p) => ceiling === undefined || p.credits <= ceiling);
  if (eligible.length === 0)
    return refuse(
      400,
      `No eligible model for this request under router "${router.slug}"${ceiling !== undefined ? ` within its ceiling of ${ceiling} credits` : ''}.`,
    );
  const sorted =
    optimizeFor === 'latency'
      ? eligible
      : [...eligible].sort((a, b) => (optimizeFor === 'quality' ? b.credits - a.credits : a.credits - b.credits));
  const chosen = sorted[0] as { model: string; credits: number };
  if (ctx.credits < chosen.credits) return refuse(400, 'You do not have enough credits to run this task.');
  ctx.credits -= chosen.credits;
  const ratio = ratios[String(input.aspectRatio)] ?? '1280:720';
  const task = ctx.store.create({
    flavor: 'runwayml',
    prompt: typeof input.promptText === 'string' ? input.promptText : '',
    model: chosen.model,
    duration,
    ratio,
    body: { model: chosen.model, ...input },
    now: ctx.now(),
    output: modality,
    cost: chosen.credits,
  });
  sendJson(res, 200, {
    id: task.id,
    routing: {
      configId: router.slug,
      model: chosen.model,
      provider: 'runway',
      estimatedCost: { credits: chosen.credits },
      resolvedInput: { duration, ratio, resolution: typeof input.resolution === 'string' ? input.resolution : '720p' },
      resolvedSettings: { optimizeFor, priceCeiling: ceiling ?? null },
    },
  });
  return { created: task };
}
