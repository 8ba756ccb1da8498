/**
 * What a generation costs, in one data table, read through one lookup (`priceOf`) by both the
 * estimate and `runway models`. Official API: credits per second of video (1 credit = US$0.01,
 * Runway's published API pricing). openai-hk web tasks: the gateway's own points (seed 000).
 * Which list a provider is priced by is a feature of the provider (presets.ts).
 */
import type { GenerationExtras } from '../../providers/types.js';
import type { ProviderPreset } from '../../providers/presets.js';

export interface Price {
  unit: 'credits' | 'points';
  perSecond?: number;
  perTask?: number;
}

/** Official API credits per second of output. */
export const officialCreditsPerSecond: Readonly<Record<string, number>> = {
  gen4_turbo: 5,
  gen3a_turbo: 5,
  'gen4.5': 12,
  veo3: 40,
  'veo3.1': 40,
  'veo3.1_fast': 15,
  gen4_aleph: 15,
};

/** openai-hk legacy web tasks (seed 000): points per task or per second, by billing mode. */
const openaiHkLegacy = {
  gen2: { unit: 'points', perTask: 2000 },
  gen3Explore: { unit: 'points', perSecond: 1200 },
  gen3Fast: { unit: 'points', perSecond: 9000 },
  turboFast: { unit: 'points', perSecond: 4500 },
} as const satisfies Record<string, Price>;

export function creditsFor(model: string, seconds: number): number | undefined {
  const rate = officialCreditsPerSecond[model];
  return rate === undefined ? undefined : rate * seconds;
}

/** The published price of a model on a provider (its mode where the price has modes), or undefined. */
export function priceOf(preset: Pick<ProviderPreset, 'features'>, modelId: string, extras: GenerationExtras = {}): Price | undefined {
  switch (preset.features.prices) {
    case 'official': {
      const rate = officialCreditsPerSecond[modelId];
      return rate === undefined ? undefined : { unit: 'credits', perSecond: rate };
    }
    case 'openai-hk-legacy': {
      if (modelId === 'gen2') return openaiHkLegacy.gen2;
      if (modelId === 'gen3a_turbo') return openaiHkLegacy.turboFast;
      const explore = extras.explore ?? modelId === 'gen3';
      return explore ? openaiHkLegacy.gen3Explore : openaiHkLegacy.gen3Fast;
    }
    default:
      return undefined;
  }
}

/** How `runway models` shows a price: "12 credits/s", "2000 points/task". */
export function priceText(price: Price | undefined): string | null {
  if (!price) return null;
  const parts = [
    price.perTask !== undefined ? `${price.perTask} ${price.unit}/task` : '',
    price.perSecond !== undefined ? `${price.perSecond} ${price.unit}/s` : '',
  ];
  return parts.filter(Boolean).join(' + ');
}

export interface Estimate {
  amount: number;
  unit: Price['unit'];
}

/** Undefined when the provider publishes no price, or the length is unknown (video-to-video from a URL). */
export function estimateCost(
  preset: Pick<ProviderPreset, 'features'>,
  modelId: string,
  seconds: number | undefined,
  extras: GenerationExtras = {},
): Estimate | undefined {
  if (seconds === undefined) return undefined;
  const price = priceOf(preset, modelId, extras);
  return price ? { amount: (price.perTask ?? 0) + (price.perSecond ?? 0) * seconds, unit: price.unit } : undefined;
}
