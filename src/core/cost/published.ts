/**
 * Published prices, as data, each with where it was published. Official API: credits (1 credit
 * = US$0.01) per second of video, or per image. openai-hk web tasks: the gateway's own points
 * (seed 000). Models not listed have no public price: what the API itself estimates is learned
 * instead (price-book.ts).
 */
import type { GenerationExtras } from '../../providers/types.js';
import type { PriceList } from '../../providers/presets.js';

export interface Rate {
  /** Credits (or points) per unit. */
  rate: number;
  per: 'second' | 'output' | 'task';
  unit: 'credits' | 'points';
}

export interface PublishedRate extends Rate {
  /** Where it was published, for messages: "published, Runway API pricing 2026-04". */
  source: string;
}

const runway = 'published, Runway API pricing 2026-04';
const perSecond = (rate: number): PublishedRate => ({ rate, per: 'second', unit: 'credits', source: runway });
const perImage = (rate: number): PublishedRate => ({ rate, per: 'output', unit: 'credits', source: runway });

type Chooser = (extras: GenerationExtras) => PublishedRate;

/** With sound and without it cost differently; sound not asked for counts as sound (an estimate never falls short). */
const byAudio =
  (silent: number, withSound: number): Chooser =>
  (extras) =>
    perSecond(extras.audio === false ? silent : withSound);

const official: Readonly<Record<string, Chooser>> = {
  'gen4.5': () => perSecond(12),
  gen4_turbo: () => perSecond(5),
  'veo3.1': byAudio(20, 40),
  'veo3.1_fast': byAudio(10, 15),
  seedance2: () => perSecond(36),
  act_two: () => perSecond(5),
  // Per image, by resolution: 1080p costs more than 720p (a resolution not said counts as 1080p).
  gen4_image: (extras) => perImage(extras.resolution === '720p' ? 5 : 8),
  gen4_image_turbo: () => perImage(2),
  // Removed from the official API; the gateways that still serve them publish their own prices, if any.
  gen3a_turbo: () => perSecond(5),
  veo3: () => perSecond(40),
  gen4_aleph: () => perSecond(15),
};

const openaiHk = 'published, openai-hk pricing (seed 000)';
const points = (rate: number, per: Rate['per']): PublishedRate => ({ rate, per, unit: 'points', source: openaiHk });

const openaiHkLegacy: Readonly<Record<string, Chooser>> = {
  gen2: () => points(2000, 'task'),
  gen3a_turbo: () => points(4500, 'second'),
  // Gen-3 Alpha bills by mode: explore (the default for gen3) is slower and cheaper than fast.
  gen3: (extras) => points(extras.explore === false ? 9000 : 1200, 'second'),
};

const lists: Record<PriceList, Readonly<Record<string, Chooser>>> = { official, 'openai-hk-legacy': openaiHkLegacy };

/** The published rate of a model on a price list (for the mode its fields ask for), or undefined. */
export function publishedRate(list: PriceList | null, model: string, extras: GenerationExtras = {}): PublishedRate | undefined {
  const choose = list ? lists[list][model] : undefined;
  return choose?.(extras);
}
