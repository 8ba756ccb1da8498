import type { ModelSpec } from '../types.js';

const gen4Ratios = ['1280:720', '720:1280', '1104:832', '832:1104', '960:960', '1584:672'];
const veoRatios = ['1280:720', '720:1280', '1080:1920', '1920:1080'];
const twoToTen = [2, 3, 4, 5, 6, 7, 8, 9, 10];

const base = { extend: false, video: false, promptMax: 1000, seed: true } as const;
/** Video-to-video models: a clip in, a clip as long out; no duration to choose. */
const videoToVideo = { ...base, video: true, lengthFromInput: true, text: false, image: false, lastFrame: false, defaultDuration: 5 } as const;

/** Official API models and their limits (protocols.md §1). Data, not code paths. */
export const officialModels: readonly ModelSpec[] = [
  {
    ...base,
    id: 'gen4_turbo',
    wire: 'gen4_turbo',
    shortcuts: ['gen4'],
    label: 'Gen-4 Turbo',
    ratios: gen4Ratios,
    durations: twoToTen,
    defaultDuration: 5,
    text: false,
    image: true,
    lastFrame: false,
  },
  {
    ...base,
    id: 'gen4.5',
    wire: 'gen4.5',
    shortcuts: ['gen4.5'],
    label: 'Gen-4.5',
    ratios: gen4Ratios,
    textRatios: ['1280:720', '720:1280'],
    durations: twoToTen,
    defaultDuration: 5,
    text: true,
    image: true,
    lastFrame: false,
  },
  {
    ...base,
    id: 'gen3a_turbo',
    wire: 'gen3a_turbo',
    shortcuts: ['gen3', 'gen3-turbo'],
    label: 'Gen-3 Alpha Turbo',
    ratios: ['1280:768', '768:1280'],
    durations: [5, 10],
    defaultDuration: 5,
    text: false,
    image: true,
    lastFrame: true,
  },
  {
    ...base,
    id: 'veo3',
    wire: 'veo3',
    shortcuts: ['veo3'],
    label: 'Veo 3',
    ratios: veoRatios,
    durations: [8],
    defaultDuration: 8,
    text: true,
    image: true,
    lastFrame: false,
  },
  ...(['veo3.1', 'veo3.1_fast'] as const).map(
    (id): ModelSpec => ({
      ...base,
      id,
      wire: id,
      shortcuts: [id.replace('_', '-')],
      label: id === 'veo3.1' ? 'Veo 3.1' : 'Veo 3.1 Fast',
      ratios: veoRatios,
      durations: [4, 6, 8],
      defaultDuration: 8,
      text: true,
      image: true,
      lastFrame: true,
    }),
  ),
  // Video to video (POST /v1/video_to_video): restyle or edit a clip; the output keeps its length.
  {
    ...videoToVideo,
    durations: [],
    id: 'gen4_aleph',
    wire: 'gen4_aleph',
    shortcuts: ['gen4-aleph'],
    label: 'Gen-4 Aleph',
    ratios: ['1280:720', '720:1280', '1104:832', '960:960', '832:1104', '1584:672', '848:480', '640:480'],
  },
  {
    ...videoToVideo,
    durations: [],
    id: 'aleph2',
    wire: 'aleph2',
    shortcuts: ['aleph2'],
    label: 'Aleph 2',
    // Takes the input video's shape; `ratio` is deprecated on the wire and sent only when given.
    ratios: [],
  },
];

/** What an unknown model id (passed through with a warning) is allowed to do: anything. */
export function permissiveModel(id: string): ModelSpec {
  return {
    ...base,
    id,
    wire: id,
    shortcuts: [],
    label: id,
    ratios: [],
    durations: [],
    defaultDuration: 5,
    text: true,
    image: true,
    lastFrame: true,
    video: true,
    lengthFromInput: true,
  };
}
