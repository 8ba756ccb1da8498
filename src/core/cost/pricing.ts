/**
 * What a generation costs, in one data table. Official API: credits per second of video
 * (1 credit = US$0.01, Runway's published API pricing). openai-hk web tasks: the gateway's own
 * points (seed 000). Providers without published numbers give no estimate.
 */
import type { GenerationExtras } from '../../providers/types.js';

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

export interface Estimate {
  amount: number;
  unit: Price['unit'];
}

/** Undefined when the provider publishes no prices, or the length is unknown (video-to-video from a URL). */
export function estimateCost(
  provider: { name: string; protocol: string; inProcess?: boolean },
  modelId: string,
  seconds: number | undefined,
  extras: GenerationExtras = {},
): Estimate | undefined {
  if (seconds === undefined) return undefined;
  if (provider.name === 'runwayml' || provider.inProcess) {
    const credits = creditsFor(modelId, seconds);
    return credits === undefined ? undefined : { amount: credits, unit: 'credits' };
  }
  if (provider.name === 'openai-hk-legacy') {
    const explore = extras.explore ?? modelId === 'gen3';
    const price: Price =
      modelId === 'gen2'
        ? openaiHkLegacy.gen2
        : modelId === 'gen3a_turbo'
          ? openaiHkLegacy.turboFast
          : explore
            ? openaiHkLegacy.gen3Explore
            : openaiHkLegacy.gen3Fast;
    return { amount: (price.perTask ?? 0) + (price.perSecond ?? 0) * seconds, unit: price.unit };
  }
  return undefined;
}
