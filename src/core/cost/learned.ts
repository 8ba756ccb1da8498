/**
 * Prices this machine has learned from the API: every create answer's `estimatedCost` ("the most
 * this task may charge") and every settled `cost`, per provider, model and the fields that change
 * the price (resolution, sound, format). Kept in `prices.json` beside the journal (the journal
 * records each observation too); small, rewritten whole, last observation wins.
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { replaceWhole } from '../files/whole.js';
import type { Rate } from './published.js';

export interface LearnedRate extends Rate {
  /** The task it was learned from, and when. */
  taskId: string;
  at: string;
  /** `estimate`: a create answer's maximum; `cost`: what a settled task was charged. */
  from: 'estimate' | 'cost';
  /** A difference from the published price was already said (once). */
  told?: boolean;
}

export class LearnedPrices {
  private readonly path: string;
  private rates: Record<string, LearnedRate> | undefined;

  constructor(stateDir: string) {
    this.path = join(stateDir, 'prices.json');
  }

  private all(): Record<string, LearnedRate> {
    if (this.rates) return this.rates;
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      this.rates = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, LearnedRate>) : {};
    } catch {
      // None learned yet, or a file cut by a crash: prices are learned again from the next answers.
      this.rates = {};
    }
    return this.rates;
  }

  get(key: string): LearnedRate | undefined {
    const rate = this.all()[key];
    return rate && typeof rate.rate === 'number' && Number.isFinite(rate.rate) ? rate : undefined;
  }

  set(key: string, rate: LearnedRate): void {
    // Read again first: another runway process may have learned something meanwhile.
    this.rates = undefined;
    const rates = { ...this.all(), [key]: rate };
    this.rates = rates;
    try {
      replaceWhole(this.path, (fd) => writeSync(fd, `${JSON.stringify(rates, null, 1)}\n`));
    } catch {
      // Learning is an aid: a price not remembered is learned again; the journal keeps the observation.
    }
  }
}
