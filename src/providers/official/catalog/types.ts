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
}

export interface CatalogModel {
  id: string;
  fields: CatalogField[];
}

export interface CatalogEndpoint {
  /** e.g. /v1/image_to_video */
  path: string;
  models: CatalogModel[];
}

export interface OfficialCatalog {
  /** The SDK version the catalog was read from. */
  sdk: string;
  endpoints: Record<string, CatalogEndpoint>;
}

/** The SDK's resource files and the endpoints they describe. */
export const catalogSources: readonly { endpoint: string; path: string; file: string; params: string }[] = [
  { endpoint: 'text_to_video', path: '/v1/text_to_video', file: 'text-to-video.d.ts', params: 'TextToVideoCreateParams' },
  { endpoint: 'image_to_video', path: '/v1/image_to_video', file: 'image-to-video.d.ts', params: 'ImageToVideoCreateParams' },
  { endpoint: 'video_to_video', path: '/v1/video_to_video', file: 'video-to-video.d.ts', params: 'VideoToVideoCreateParams' },
  { endpoint: 'video_upscale', path: '/v1/video_upscale', file: 'video-upscale.d.ts', params: 'VideoUpscaleCreateParams' },
  { endpoint: 'video_to_hdr', path: '/v1/video_to_hdr', file: 'video-to-hdr.d.ts', params: 'VideoToHdrCreateParams' },
  {
    endpoint: 'character_performance',
    path: '/v1/character_performance',
    file: 'character-performance.d.ts',
    params: 'CharacterPerformanceCreateParams',
  },
  { endpoint: 'text_to_image', path: '/v1/text_to_image', file: 'text-to-image.d.ts', params: 'TextToImageCreateParams' },
];
