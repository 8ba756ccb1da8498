/**
 * One price book: the published prices (published.ts) and the ones this machine learned from
 * the API (learned.ts), per provider, model and the fields that change the price. A learned price
 * for the same provider wins over the published one; every estimate says where its price came
 * from; a learned price that differs from the published one is said once.
 */
import { publishedRate, type Rate } from './published.js';
import { LearnedPrices } from './learned.js';
import type { GenerationExtras } from '../../providers/types.js';
import type { ProviderPreset } from '../../providers/presets.js';

/** The fields of a generation that decide its price: which model, its mode, and how much it makes. */
export interface Priced {
  provider: Pick<ProviderPreset, 'name' | 'features'>;
  model: string;
  extras: GenerationExtras;
  /** Seconds of output (or of input, where the output is as long), when known. */
  seconds?: number | undefined;
  /** How many outputs (images); undefined for a video. */
  outputs?: number | undefined;
  /** A run's task endpoint: the same model may cost differently on another (seed_audio speaks or makes sounds). */
  endpoint?: string | undefined;
}

export interface KnownPrice extends Rate {
  /** Where the price came from, for people: "learned from task 1cdc20cc on 2026-12-07", "published, …". */
  source: string;
  learned: boolean;
}

export interface Estimate {
  amount: number;
  unit: Rate['unit'];
  /** Where its price came from. */
  source: string;
}

/** The fields that change a price: resolution, sound, a format other than mp4, the web-tasks mode. */
export function priceKey(provider: string, model: string, extras: GenerationExtras, endpoint?: string): string {
  const parts = [provider, model];
  if (endpoint !== undefined) parts.push(`endpoint=${endpoint}`);
  if (extras.resolution !== undefined) parts.push(`resolution=${extras.resolution}`);
  if (extras.audio !== undefined) parts.push(`audio=${String(extras.audio)}`);
  if (extras.outputFormat !== undefined && extras.outputFormat !== 'mp4') parts.push(`format=${extras.outputFormat}`);
  if (extras.explore !== undefined) parts.push(`explore=${String(extras.explore)}`);
  return parts.join('|');
}

const perWord = { second: '/s', output: '/output', task: '/task' } as const;

export function rateText(rate: Rate): string {
  return `${rate.rate} ${rate.unit}${perWord[rate.per]}`;
}

/** How many of a rate's units a generation is, or undefined when that is not known (a length the model chooses). */
function units(per: Rate['per'], item: Priced): number | undefined {
  if (per === 'task') return 1;
  if (per === 'output') return item.outputs ?? 1;
  return item.seconds;
}

export class PriceBook {
  constructor(private readonly learned: LearnedPrices | undefined) {}

  static at(stateDir: string | undefined): PriceBook {
    return new PriceBook(stateDir === undefined ? undefined : new LearnedPrices(stateDir));
  }

  priceOf(item: Pick<Priced, 'provider' | 'model' | 'extras' | 'endpoint'>): KnownPrice | undefined {
    const learned = this.learned?.get(priceKey(item.provider.name, item.model, item.extras, item.endpoint));
    if (learned)
      return {
        rate: learned.rate,
        per: learned.per,
        unit: learned.unit,
        learned: true,
        source: `learned from task ${learned.taskId.slice(0, 8)} on ${learned.at.slice(0, 10)}`,
      };
    const published = publishedRate(item.provider.features.prices, item.model, item.extras);
    return published ? { ...published, learned: false } : undefined;
  }

  estimate(item: Priced): Estimate | undefined {
    const price = this.priceOf(item);
    const count = price ? units(price.per, item) : undefined;
    return price && count !== undefined ? { amount: round(price.rate * count), unit: price.unit, source: price.source } : undefined;
  }

  /**
   * An observation from the API (a create's estimate, a settled cost) for a generation: kept as the
   * rate of its key. Returns a sentence when it differs from the published price, the first time.
   */
  learn(item: Priced, observation: { credits: number; taskId: string; from: 'estimate' | 'cost' }): string | undefined {
    if (!this.learned || observation.credits <= 0) return undefined;
    const per: Rate['per'] = item.outputs !== undefined ? 'output' : item.seconds !== undefined ? 'second' : 'task';
    const count = units(per, item) ?? 1;
    const key = priceKey(item.provider.name, item.model, item.extras, item.endpoint);
    const before = this.learned.get(key);
    // A settled cost may be lower than the estimate: the estimate (the most a task may charge) is what a budget needs.
    if (observation.from === 'cost' && before?.from === 'estimate') return undefined;
    const rate = round(observation.credits / count);
    const published = publishedRate(item.provider.features.prices, item.model, item.extras);
    const differs = published !== undefined && published.per === per && Math.abs(published.rate - rate) > published.rate * 0.01;
    const tell = differs && !before?.told;
    this.learned.set(key, {
      rate,
      per,
      unit: 'credits',
      taskId: observation.taskId,
      at: new Date().toISOString(),
      from: observation.from,
      told: differs && (tell || before?.told === true),
    });
    if (!tell) return undefined;
    const what = observation.from === 'estimate' ? 'the API estimated' : 'the API charged';
    return `${item.model}: ${what} ${rateText({ rate, per, unit: 'credits' })}, the published table says ${rateText(published)}; estimates use the API's.`;
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
