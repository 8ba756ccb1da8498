/**
 * The official protocol's models: today's, from the catalog generated from the official SDK,
 * plus the ones the official API removed but reseller gateways (seeds 001, 003) still serve.
 * A preset that lists no models of its own (runwayml, sim) gets today's only.
 */
import type { ModelSpec } from '../types.js';
import { officialCatalog } from './catalog/index.js';
import { catalogModelSpecs } from './catalog/models.js';
import { catalogToolSpecs } from './catalog/tool-models.js';

const legacy = { extend: false, video: false, promptMax: 1000, seed: true, text: false, image: true, lastFrame: false } as const;

/** Removed upstream (SDK 4.0.0, June 2026; veo3 by 4.20); kept for the gateways that still serve them. */
export const removedOfficialModels: readonly ModelSpec[] = [
  {
    ...legacy,
    id: 'gen3a_turbo',
    wire: 'gen3a_turbo',
    shortcuts: ['gen3', 'gen3-turbo'],
    label: 'Gen-3 Alpha Turbo',
    ratios: ['1280:768', '768:1280'],
    durations: [5, 10],
    defaultDuration: 5,
    lastFrame: true,
    removed: { replacement: 'gen4.5', when: 'with SDK 4.0.0 (June 2026)' },
  },
  {
    ...legacy,
    id: 'veo3',
    wire: 'veo3',
    shortcuts: ['veo3'],
    label: 'Veo 3',
    ratios: ['1280:720', '720:1280', '1080:1920', '1920:1080'],
    durations: [8],
    defaultDuration: 8,
    text: true,
    removed: { replacement: 'veo3.1', when: 'by SDK 4.20' },
  },
  {
    ...legacy,
    id: 'gen4_aleph',
    wire: 'gen4_aleph',
    shortcuts: ['gen4-aleph'],
    label: 'Gen-4 Aleph',
    ratios: ['1280:720', '720:1280', '1104:832', '960:960', '832:1104', '1584:672', '848:480', '640:480'],
    durations: [],
    defaultDuration: 5,
    image: false,
    video: true,
    lengthFromInput: true,
    videoField: 'videoUri',
    removed: { replacement: 'aleph2', when: 'with SDK 4.0.0 (June 2026)' },
  },
];

export const currentOfficialModels: readonly ModelSpec[] = catalogModelSpecs(officialCatalog);

export const officialModels: readonly ModelSpec[] = [...currentOfficialModels, ...removedOfficialModels];

/** Upscale, frame rate, HDR, Act-Two and image models: each endpoint has its own command. */
export const officialToolModels: readonly ModelSpec[] = catalogToolSpecs(officialCatalog);

/** What an unknown model id (passed through with a warning) is allowed to do: anything. */
export function permissiveModel(id: string): ModelSpec {
  return {
    ...legacy,
    id,
    wire: id,
    shortcuts: [],
    label: id,
    ratios: [],
    durations: [],
    defaultDuration: 5,
    promptMax: Infinity,
    text: true,
    lastFrame: true,
    video: true,
    lengthFromInput: true,
    durationAuto: true,
  };
}
