import type { ModelSpec } from '../types.js';

const base = { promptMax: 1000, seed: true, lastFrame: false, ratios: ['1280:768'] } as const;

/** Web-app task types (protocols.md §2). `id` is what users type; `wire` is the taskType. */
export const webTaskModels: readonly ModelSpec[] = [
  {
    ...base,
    id: 'gen2',
    wire: 'gen2',
    shortcuts: ['gen2'],
    label: 'Gen-2',
    ratios: [...base.ratios],
    durations: [4],
    defaultDuration: 4,
    text: true,
    image: true,
    video: false,
    extend: false,
    extras: ['motion', 'interpolate', 'upscale'],
  },
  {
    ...base,
    id: 'gen3',
    wire: 'europa',
    shortcuts: ['gen3'],
    label: 'Gen-3 Alpha',
    ratios: [...base.ratios],
    durations: [5, 10],
    defaultDuration: 5,
    text: true,
    image: true,
    video: true,
    extend: true,
    extras: ['enhancePrompt', 'endFrame', 'structure'],
  },
  {
    ...base,
    id: 'gen3a_turbo',
    wire: 'gen3a_turbo',
    shortcuts: ['gen3-turbo'],
    label: 'Gen-3 Alpha Turbo',
    ratios: [...base.ratios],
    durations: [5, 10],
    defaultDuration: 5,
    text: false,
    image: true,
    video: true,
    extend: true,
    extras: ['enhancePrompt', 'endFrame', 'structure'],
  },
];
