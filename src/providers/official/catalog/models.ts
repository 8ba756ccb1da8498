/**
 * The official models as the rest of the CLI sees them (ModelSpec), derived from the catalog:
 * what each takes (text, image, last frame, video), its ratios, durations and prompt limit, and
 * which protocol fields it has. Nothing here is typed by hand but the shortcut spelling.
 */
import type { ExtraName } from '../../fields/generation.js';
import type { ModelSpec } from '../../types.js';
import { modelsOf, type CatalogField, type CatalogModel, type OfficialCatalog } from './types.js';

/** The video endpoints a generation model may be on. */
export const videoEndpoints = ['text_to_video', 'image_to_video', 'video_to_video'] as const;
export type VideoEndpoint = (typeof videoEndpoints)[number];

/** Protocol fields (the field table's extras) and the catalog field each one is sent as. */
export const extraWire: Partial<Record<ExtraName, string>> = {
  publicFigureThreshold: 'contentModeration',
  audio: 'audio',
  negativePrompt: 'negativePrompt',
  resolution: 'resolution',
  outputFormat: 'outputFormat',
  proresProfile: 'proresProfile',
  creativity: 'creativity',
  flavor: 'flavor',
  fpsBoost: 'fpsBoost',
  sharpen: 'sharpen',
  smartGrain: 'smartGrain',
  fps: 'targetFramerate',
  expression: 'expressionIntensity',
  bodyControl: 'bodyControl',
  count: 'outputCount',
  quality: 'quality',
  background: 'background',
  grounding: 'grounding',
};

/** `gen4_turbo` is typed `gen4`; every other id with `_` gets a `-` shortcut (veo3.1-fast, seedance2-fast). */
export function shortcutsOf(id: string): string[] {
  if (id === 'gen4_turbo') return ['gen4'];
  return [id.replace(/_/g, '-')];
}

function fieldOf(model: CatalogModel | undefined, name: string): CatalogField | undefined {
  return model?.fields.find((f) => f.name === name);
}

/** Every whole number a duration field allows, or [] where the SDK states no list or range. */
function durationsOf(field: CatalogField | undefined): number[] {
  if (!field) return [];
  const listed = (field.choices ?? []).filter((c): c is number => typeof c === 'number');
  if (listed.length > 0) return listed;
  if (field.min !== undefined && field.max !== undefined && field.max - field.min <= 60) {
    return Array.from({ length: Math.floor(field.max) - Math.ceil(field.min) + 1 }, (_, i) => Math.ceil(field.min as number) + i);
  }
  return [];
}

const ratiosOf = (model: CatalogModel | undefined) =>
  (fieldOf(model, 'ratio')?.choices ?? []).filter((c): c is string => typeof c === 'string');

export function catalogModelSpecs(catalog: OfficialCatalog): ModelSpec[] {
  const on = (endpoint: VideoEndpoint) => new Map(modelsOf(catalog.endpoints[endpoint]).map((m) => [m.id, m]));
  const [text, image, video] = videoEndpoints.map(on) as [Map<string, CatalogModel>, Map<string, CatalogModel>, Map<string, CatalogModel>];
  const ids = [...new Set([...image.keys(), ...text.keys(), ...video.keys()])];
  return ids.map((id): ModelSpec => {
    const t = text.get(id);
    const i = image.get(id);
    const v = video.get(id);
    const generating = i ?? t;
    const duration = fieldOf(generating, 'duration');
    const durations = durationsOf(duration);
    const prompt = fieldOf(generating, 'promptText') ?? fieldOf(v, 'promptText');
    const positions = fieldOf(i, 'promptImage')?.items?.find((f) => f.name === 'position')?.choices ?? [];
    const fields = new Set([...(t?.fields ?? []), ...(i?.fields ?? []), ...(v?.fields ?? [])].map((f) => f.name));
    const ratios = ratiosOf(i ?? t ?? v);
    const textRatios = ratiosOf(t);
    const videoField = fieldOf(v, 'promptVideo') ? 'promptVideo' : 'videoUri';
    return {
      id,
      wire: id,
      shortcuts: shortcutsOf(id),
      label: id,
      ratios,
      ...(t && i && textRatios.join() !== ratios.join() ? { textRatios } : {}),
      durations,
      defaultDuration: durations.includes(5) ? 5 : (durations[0] ?? 5),
      ...((duration?.choices ?? []).includes('auto') ? { durationAuto: true } : {}),
      ...(fieldOf(generating, 'ratio') && !fieldOf(generating, 'ratio')?.required ? { ratioOptional: true } : {}),
      text: t !== undefined,
      image: i !== undefined,
      lastFrame: positions.includes('last'),
      video: v !== undefined,
      // A clip in, a clip as long out, where the video endpoint takes no duration.
      ...(v && !fieldOf(v, 'duration') ? { lengthFromInput: true } : {}),
      ...(v ? { videoField } : {}),
      extend: false,
      ...((fieldOf(v, 'mode')?.choices ?? []).includes('extend') ? { extendsVideo: true } : {}),
      promptMax: prompt?.maxLength ?? Infinity,
      seed: fields.has('seed'),
      extras: (Object.entries(extraWire) as [ExtraName, string][]).filter(([, wire]) => fields.has(wire)).map(([name]) => name),
      references: { image: fields.has('references'), video: fields.has('referenceVideos'), audio: fields.has('referenceAudio') },
    };
  });
}
