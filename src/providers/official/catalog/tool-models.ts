/**
 * The official models that are not video generations (upscale, frame rate, HDR, Act-Two,
 * images) as ModelSpecs, derived from the catalog like the video models: what each takes, its
 * ratios and which protocol fields it has. Each has its own command, never a shortcut.
 */
import type { ExtraName } from '../../fields/generation.js';
import { toolEndpoints, type ModelSpec, type ToolEndpoint } from '../../types.js';
import { extraWire } from './models.js';
import { modelsOf, type CatalogModel, type OfficialCatalog } from './types.js';

const has = (model: CatalogModel, name: string) => model.fields.some((f) => f.name === name);

function toolSpec(endpoint: ToolEndpoint, model: CatalogModel): ModelSpec {
  const ratios = (model.fields.find((f) => f.name === 'ratio')?.choices ?? []).filter((c): c is string => typeof c === 'string');
  const prompt = model.fields.find((f) => f.name === 'promptText');
  const fields = new Set(model.fields.map((f) => f.name));
  const image = endpoint === 'text_to_image';
  return {
    id: model.id,
    wire: model.id,
    shortcuts: [],
    label: model.id,
    endpoint,
    ratios,
    ...(ratios.length === 0 ? { ratioOptional: true } : {}),
    durations: [],
    defaultDuration: 5,
    text: image,
    image: false,
    lastFrame: false,
    // A clip in (the video to upscale, or Act-Two's performance), a clip as long out.
    video: !image,
    ...(image ? { output: 'image' as const } : { lengthFromInput: true, videoField: 'videoUri' as const }),
    ...(endpoint === 'video_to_hdr' ? { output: 'media' as const } : {}),
    ...(endpoint === 'character_performance' ? { character: true } : {}),
    extend: false,
    promptMax: prompt?.maxLength ?? Infinity,
    seed: has(model, 'seed'),
    extras: (Object.entries(extraWire) as [ExtraName, string][]).filter(([, wire]) => fields.has(wire)).map(([name]) => name),
    references: { image: has(model, 'referenceImages'), video: false, audio: false },
  };
}

export function catalogToolSpecs(catalog: OfficialCatalog): ModelSpec[] {
  return toolEndpoints.flatMap((endpoint) => modelsOf(catalog.endpoints[endpoint]).map((model) => toolSpec(endpoint, model)));
}
