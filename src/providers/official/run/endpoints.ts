/**
 * The official API's task endpoints as `runway run` names them (the API path without `/v1/`),
 * and the model a run is: its variant of the endpoint (a model, a recipe's mode), sent as given
 * and checked against the catalog rather than the video generation table.
 */
import { officialCatalog } from '../catalog/index.js';
import type { CatalogEndpoint } from '../catalog/types.js';
import type { ModelSpec } from '../../types.js';
import { takes } from '../catalog/check.js';

export function taskEndpoints(): string[] {
  return Object.keys(officialCatalog.endpoints);
}

export function catalogEndpoint(name: string): CatalogEndpoint | undefined {
  return Object.hasOwn(officialCatalog.endpoints, name) ? officialCatalog.endpoints[name] : undefined;
}

/**
 * The name a run's jobs carry (journal, file names, prices): the model where the endpoint is keyed
 * by model, else the endpoint's last segment (`product_ad`, `multi_shot_video`, `generate_video`).
 */
export function runModelId(endpoint: string, variant: string, key: string | undefined): string {
  if (key === 'model' && variant !== '') return variant;
  return endpoint.replace(/^recipes\//, '').replace(/\//g, '_');
}

/** A model that is a run of an endpoint (or a workflow): its body is sent as built, its outputs' type told by their bytes. */
export function taskModel(id: string, wire: string, label: string, run: NonNullable<ModelSpec['run']>): ModelSpec {
  return {
    id,
    wire,
    shortcuts: [],
    label,
    ratios: [],
    durations: [],
    defaultDuration: 0,
    text: false,
    image: false,
    lastFrame: false,
    video: false,
    extend: false,
    promptMax: Infinity,
    seed: false,
    // Audio, images, video or several: the bytes tell.
    output: 'media',
    run,
  };
}

export function runModel(endpoint: string, variant: string): ModelSpec {
  const id = runModelId(endpoint, variant, catalogEndpoint(endpoint)?.key);
  return taskModel(id, variant, id, { endpoint });
}

export interface FieldHelp {
  name: string;
  required: boolean;
  /** "one of Maya, Arjun, …", "a audio (a file, https URL, data URI or task:<id>)". */
  takes: string;
}

/**
 * What each top-level field of an endpoint takes, for help and hints: where variants (models) take
 * it differently, each way with the variants that take it so.
 */
export function fieldHelp(endpoint: string): FieldHelp[] {
  const described = catalogEndpoint(endpoint);
  if (!described) return [];
  const fields = new Map<string, { required: boolean; ways: Map<string, string[]> }>();
  for (const variant of described.variants)
    for (const field of variant.fields) {
      const seen = fields.get(field.name) ?? { required: true, ways: new Map<string, string[]>() };
      seen.required &&= field.required;
      const way = takes(field);
      seen.ways.set(way, [...(seen.ways.get(way) ?? []), variant.id]);
      fields.set(field.name, seen);
    }
  return [...fields.entries()].map(([name, { required, ways }]) => ({
    name,
    required: required && [...ways.values()].flat().length === described.variants.length,
    takes:
      ways.size === 1 ? ([...ways.keys()][0] as string) : [...ways.entries()].map(([way, ids]) => `${way} (${ids.join(', ')})`).join('; '),
  }));
}
