/**
 * The official API's models as data, generated from the official SDK's published types
 * (`npm run catalog`): per endpoint, each model's fields, which are required, their literal
 * choices and the limits the doc comments state. A limit the SDK does not state is absent: the
 * API decides.
 */

export type CatalogPrimitive = 'string' | 'number' | 'boolean' | 'object' | 'array';

export interface CatalogField {
  name: string;
  required: boolean;
  /** Free-form types the field takes (a number, any string…), beside its literal choices. */
  types: CatalogPrimitive[];
  /** Literal values it takes: ratios, durations, formats, 'auto'. */
  choices?: (string | number)[];
  /** Numbers: whole numbers only, and the stated range. */
  integer?: boolean;
  min?: number;
  max?: number;
  /** Strings: the stated length limit (prompts). */
  maxLength?: number;
  /** Arrays: the stated number of items, and what an item is. */
  maxItems?: number;
  items?: CatalogField[];
  /** Objects (and array items that are objects): their own fields. */
  fields?: CatalogField[];
  /** Objects of several shapes told apart by one field (`type: runway-preset | reference-audio`): each shape, the key left out. */
  oneOf?: { key: string; variants: CatalogModel[] };
  /** A URI of media (`audioUri`, `uri`…): the kind its doc says it holds, so a local file can be checked and sent. */
  media?: 'image' | 'video' | 'audio';
}

export interface CatalogModel {
  /** The key field's value: a model id (`gen4.5`), a mode (`auto`), or '' where the endpoint has one shape. */
  id: string;
  fields: CatalogField[];
}

export interface CatalogEndpoint {
  /** e.g. /v1/image_to_video, /v1/recipes/multi_shot_video */
  path: string;
  /** The SDK's method (`create`, `multiShotVideo`): where to read the endpoint's types. */
  method: string;
  /**
   * The field whose literal value picks a variant: `model` on most endpoints, `mode` on a recipe
   * with modes; absent where the endpoint takes one shape (a single variant with id '').
   */
  key?: string;
  /** One per value of the key (per model, per mode). */
  variants: CatalogModel[];
}

export interface OfficialCatalog {
  /** The SDK version the catalog was read from. */
  sdk: string;
  /** By API path without `/v1/`: `sound_effect`, `recipes/multi_shot_video`, `generate/video`. */
  endpoints: Record<string, CatalogEndpoint>;
}

/** The models of an endpoint keyed by `model` (none for recipes and the router). */
export function modelsOf(endpoint: CatalogEndpoint | undefined): CatalogModel[] {
  return endpoint?.key === 'model' ? endpoint.variants : [];
}
