/**
 * Provider presets: a protocol, a base URL and a few quirks. One registry, as data; user-defined
 * providers from the config file are merged in by `src/core/providers.ts`.
 */
import type { BodyQuirks, ModelSpec, ProtocolId } from './types.js';

/**
 * What a provider can do, as named fields decided here and nowhere else: every "can this provider
 * …?" in the CLI (and every list of providers in a hint) reads these.
 */
export interface ProviderFeatures {
  upload: boolean;
  webhook: boolean;
  watermark: boolean;
  extend: boolean;
  cancel: boolean;
  /** Reports a credit balance. */
  credits: boolean;
  /**
   * Speaks today's official API itself: serves the catalog generated from the SDK (every model,
   * field and endpoint of it, exact bodies checked against it) and refuses the models it removed.
   * Gateways with a model list of their own do not.
   */
  officialCatalog: boolean;
  /** Whose published price list its tasks cost by, where one is known. */
  prices: PriceList | null;
  /** Answers a create with the most the task may charge (`estimatedCost`): a budget can learn an unknown price from it. */
  estimates: boolean;
}

/** The price lists this CLI knows (cost/published.ts): the official API's credits, openai-hk's web-task points. */
export type PriceList = 'official' | 'openai-hk-legacy';

export interface ProviderPreset {
  name: string;
  protocol: ProtocolId;
  baseUrl: string;
  /** Never poll faster than this (the provider's own update rate). */
  minPollMs: number;
  /** Catalog ids this provider serves; all of the protocol's when absent. */
  models?: readonly string[];
  modelOverrides?: Readonly<Record<string, Partial<ModelSpec>>>;
  features: ProviderFeatures;
  /** Provider-specific key variables, checked before the stored key. */
  keyEnv: readonly string[];
  /** Provider-specific base URL variables (the official SDK's RUNWAYML_BASE_URL), before RUNWAY_BASE_URL_<NAME>. */
  baseUrlEnv?: readonly string[];
  keyUrl: string;
  /** What its keys look like, where they have a fixed form: a key that does not is stored with a warning. */
  keyFormat?: { pattern: RegExp; description: string };
  /** How long after create a "task_not_exist" answer is treated as "not indexed yet". */
  notFoundGraceMs: number;
  quirks?: BodyQuirks;
  /** Runs in-process (the simulator). */
  inProcess?: boolean;
  /** Set for providers defined in the user's config. */
  userDefined?: boolean;
}

const noFeatures: ProviderFeatures = {
  upload: false,
  webhook: false,
  watermark: false,
  extend: false,
  cancel: false,
  credits: false,
  officialCatalog: false,
  prices: null,
  estimates: false,
};
/** Today's official API itself (runwayml, the simulator, a user's proxy in front of it). */
const officialApi: ProviderFeatures = {
  ...noFeatures,
  upload: true,
  cancel: true,
  credits: true,
  officialCatalog: true,
  prices: 'official',
  estimates: true,
};

export const presets: readonly ProviderPreset[] = [
  {
    name: 'runwayml',
    protocol: 'official',
    baseUrl: 'https://api.dev.runwayml.com',
    minPollMs: 5_000,
    features: officialApi,
    keyEnv: ['RUNWAYML_API_SECRET'],
    baseUrlEnv: ['RUNWAYML_BASE_URL'],
    keyUrl: 'https://dev.runwayml.com/',
    keyFormat: { pattern: /^key_[0-9a-f]{128}$/i, description: 'Runway API keys look like key_ followed by 128 hex characters' },
    notFoundGraceMs: 0,
  },
  {
    name: 'openai-hk',
    protocol: 'official',
    baseUrl: 'https://api.openai-hk.com/runwayml',
    minPollMs: 5_000,
    models: ['gen3a_turbo', 'gen4_turbo'],
    modelOverrides: { gen4_turbo: { durations: [5, 10], lastFrame: true } },
    features: { ...noFeatures, webhook: true, watermark: true },
    keyEnv: [],
    keyUrl: 'https://www.openai-hk.com/',
    notFoundGraceMs: 30_000,
  },
  {
    name: 'anyapi',
    protocol: 'official',
    baseUrl: 'https://www.anyapi.vip/runwayml',
    minPollMs: 5_000,
    models: ['gen3a_turbo', 'gen4_turbo'],
    modelOverrides: { gen4_turbo: { durations: [5, 10] } },
    features: { ...noFeatures },
    keyEnv: [],
    keyUrl: 'https://www.anyapi.vip/',
    notFoundGraceMs: 30_000,
  },
  {
    name: 'openai-hk-legacy',
    protocol: 'web-tasks',
    baseUrl: 'https://api.openai-hk.com/runway',
    minPollMs: 5_000,
    features: { ...noFeatures, upload: true, webhook: true, watermark: true, extend: true, cancel: true, prices: 'openai-hk-legacy' },
    keyEnv: [],
    keyUrl: 'https://www.openai-hk.com/',
    notFoundGraceMs: 30_000,
  },
  {
    name: 'openai-core',
    protocol: 'web-tasks',
    baseUrl: 'https://api.openai-core.com/runway/v2',
    minPollMs: 5_000,
    quirks: { omitDimensions: true },
    features: { ...noFeatures, upload: true, webhook: true, watermark: true, extend: true, cancel: true },
    keyEnv: [],
    keyUrl: 'https://www.openai-core.com/',
    notFoundGraceMs: 30_000,
  },
  {
    name: 'cometapi',
    protocol: 'pro-feed',
    baseUrl: 'https://api.cometapi.com',
    minPollMs: 5_000,
    features: { ...noFeatures, webhook: true },
    keyEnv: ['COMETAPI_KEY'],
    keyUrl: 'https://www.cometapi.com/',
    notFoundGraceMs: 30_000,
  },
  {
    name: 'sim',
    protocol: 'official',
    baseUrl: 'in-process',
    minPollMs: 250,
    features: officialApi,
    keyEnv: [],
    keyUrl: '',
    notFoundGraceMs: 0,
    inProcess: true,
  },
];

export function protocolFeatureDefaults(protocol: ProtocolId): ProviderFeatures {
  switch (protocol) {
    case 'official':
      return officialApi;
    case 'web-tasks':
      return { ...noFeatures, upload: true, webhook: true, watermark: true, extend: true, cancel: true };
    case 'pro-feed':
      return { ...noFeatures, webhook: true };
  }
}
