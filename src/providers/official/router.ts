/**
 * The Model Router (`POST /v1/generate/video|image`): a saved config picks the model. Its input is
 * model-agnostic, so a request's fields are mapped to it here; its answer says which model was
 * chosen, at what estimate, under which settings.
 */
import { z } from 'zod';
import { parseWith } from '../common.js';
import type { ModelSpec, PreparedGeneration, RequestSpec, Routing } from '../types.js';

/** The aspect ratios the router takes (it picks the model's own ratio from them). */
export const routerRatios: Readonly<Record<'video' | 'image', string[]>> = {
  video: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'],
  image: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9', '2:3', '3:2', '4:5', '5:4'],
};

/** A router config as a model: whatever the server picks; the fields every routed model may take. */
export function routerModel(configId: string, modality: 'video' | 'image'): ModelSpec {
  return {
    id: `router:${configId}`,
    wire: configId,
    shortcuts: [],
    label: `router ${configId}`,
    ratios: routerRatios[modality],
    ratioOptional: true,
    durations: [],
    defaultDuration: 5,
    text: true,
    image: modality === 'video',
    lastFrame: modality === 'video',
    video: false,
    extend: false,
    promptMax: Infinity,
    seed: true,
    extras:
      modality === 'video'
        ? ['audio', 'negativePrompt', 'resolution', 'publicFigureThreshold']
        : ['resolution', 'count', 'publicFigureThreshold'],
    references: { image: true, video: false, audio: false },
    ...(modality === 'image' ? { output: 'image' as const } : {}),
    router: { configId, modality },
  };
}

const some = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);

export function buildRouted(input: PreparedGeneration, router: NonNullable<ModelSpec['router']>): RequestSpec {
  const images = [
    ...(input.image !== undefined ? [{ uri: input.image, role: 'first' }] : []),
    ...(input.lastFrame !== undefined ? [{ uri: input.lastFrame, role: 'last' }] : []),
    ...(input.references ?? []).map((uri) => ({ uri, role: 'reference' })),
  ];
  const fields: Record<string, unknown> = {
    promptText: input.prompt,
    aspectRatio: input.ratio,
    duration: router.modality === 'video' && typeof input.duration === 'number' ? input.duration : undefined,
    seed: input.seed,
    audio: input.audio,
    negativePrompt: input.negativePrompt,
    resolution: input.resolution,
    outputCount: input.count,
    contentModeration: input.publicFigureThreshold ? { publicFigureThreshold: input.publicFigureThreshold } : undefined,
    referenceImages: some(images),
    ...input.param,
  };
  const body = { configId: router.configId, input: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
  return { method: 'POST', path: `/v1/generate/${router.modality}`, body };
}

const routingAnswer = z.looseObject({
  id: z.string(),
  routing: z.looseObject({
    configId: z.string(),
    model: z.string(),
    provider: z.string(),
    estimatedCost: z.looseObject({ credits: z.number() }).nullish(),
    resolvedSettings: z.looseObject({ optimizeFor: z.string().nullish(), priceCeiling: z.number().nullish() }).nullish(),
    capacityFallback: z.looseObject({ allExhausted: z.boolean(), skipped: z.array(z.string()) }).nullish(),
  }),
});

export function parseRouted(data: unknown): { taskId: string; estimate?: number | undefined; routing: Routing } {
  const answer = parseWith(routingAnswer, data, 'answer of the Model Router');
  const { routing } = answer;
  return {
    taskId: answer.id,
    estimate: routing.estimatedCost?.credits,
    routing: {
      configId: routing.configId,
      model: routing.model,
      provider: routing.provider,
      optimizeFor: routing.resolvedSettings?.optimizeFor ?? undefined,
      priceCeiling: routing.resolvedSettings?.priceCeiling,
      capacityFallback: routing.capacityFallback ?? undefined,
    },
  };
}

/** A saved Model Router config, as the API returns it. */
export const routerConfig = z.looseObject({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  version: z.number().nullish(),
  settings: z.looseObject({
    optimizeFor: z.string().nullish(),
    maxCreditsPerGeneration: z
      .looseObject({ video: z.number().nullish(), image: z.number().nullish(), audio: z.number().nullish() })
      .nullish(),
    models: z.looseObject({ ids: z.array(z.string()), mode: z.string() }).nullish(),
    fallback: z.looseObject({ onCapacity: z.boolean().nullish() }).nullish(),
  }),
});
export type RouterConfig = z.infer<typeof routerConfig>;

export interface RouterConfigAsk {
  slug: string;
  name?: string | undefined;
  description?: string | undefined;
  models?: string[] | undefined;
  optimizeFor?: 'cost' | 'latency' | 'quality' | undefined;
  maxCredits?: { video?: number | undefined; image?: number | undefined } | undefined;
  fallback?: boolean | undefined;
}

export const routerConfigs = {
  list: (): RequestSpec => ({ method: 'GET', path: '/v1/routers' }),
  show: (id: string): RequestSpec => ({ method: 'GET', path: `/v1/routers/${encodeURIComponent(id)}` }),
  create(ask: RouterConfigAsk): RequestSpec {
    const settings = Object.fromEntries(
      Object.entries({
        optimizeFor: ask.optimizeFor,
        models: ask.models && ask.models.length > 0 ? { ids: ask.models, mode: 'allowlist_only' } : undefined,
        maxCreditsPerGeneration: ask.maxCredits && Object.values(ask.maxCredits).some((v) => v !== undefined) ? ask.maxCredits : undefined,
        fallback: ask.fallback ? { onCapacity: true } : undefined,
      }).filter(([, v]) => v !== undefined),
    );
    const body = Object.fromEntries(
      Object.entries({ slug: ask.slug, name: ask.name, description: ask.description, settings }).filter(([, v]) => v !== undefined),
    );
    return { method: 'POST', path: '/v1/routers', body };
  },
  parseOne: (data: unknown): RouterConfig => parseWith(routerConfig, data, 'router config'),
  parseList: (data: unknown): RouterConfig[] => parseWith(z.looseObject({ data: z.array(routerConfig) }), data, 'router list').data,
};
