/**
 * What a create would send, without sending it: the exact request with local files shown as
 * placeholders and the key redacted, plus the estimated cost. No network, no key required.
 */
import { formatBytes } from '../format-bytes.js';
import type { Estimate, Priced } from './price-book.js';
import { findKey } from '../session/keys.js';
import { maskKey } from '../redact.js';
import { assemble, mediaEntries, sendsInline, type GenerationPlan, type MediaRole } from '../generation/plan.js';
import type { Session } from '../session/session.js';
import { runPriceFields } from './learn.js';
import { describeMedia } from '../../providers/media-ref.js';

export interface DryRun {
  provider: string;
  model: string;
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  estimate: Estimate | null;
  /** Why there is no estimate, when there is none. */
  noEstimate?: string;
  /** No price is known, but the provider estimates each task as it is created: a budget can still hold. */
  learnable?: boolean;
  uploads: string[];
}

export function dryRun(session: Session, plan: GenerationPlan, extend?: { taskId: string; videoUrl: string }): DryRun {
  const { adapter, preset } = session.provider;
  const uris: Partial<Record<MediaRole, string>> = {};
  const uploads: string[] = [];
  for (const { role, ref } of mediaEntries(plan.request)) {
    if (ref.kind === 'file') {
      const file = plan.files[role];
      if (!file) continue;
      const inline = sendsInline(adapter, role, file);
      uris[role] = inline ? `<data:${file.mime};base64 of ${file.name}, ${formatBytes(file.bytes)}>` : `<uploaded URL of ${file.name}>`;
      if (!inline) uploads.push(file.path);
    } else if (ref.kind === 'url') uris[role] = ref.url;
    else if (ref.kind === 'data') uris[role] = `<data:${ref.mime} URI, ${formatBytes(ref.bytes)}>`;
    else if (ref.kind === 'runway') uris[role] = ref.uri;
    else if (ref.kind === 'frame') uris[role] = `<${describeMedia(ref)}>`;
    else if (ref.kind === 'task')
      uris[role] = ref.step === undefined ? `<fresh output URL of task:${ref.taskId}>` : `<output URL of step ${ref.step}>`;
  }
  const prepared = assemble(plan, uris, extend, preset.quirks);
  const spec = adapter.buildCreate(prepared);
  const key = findKey(preset, { env: process.env, stored: () => session.config.peekStoredKey(preset.name) });
  const headers = Object.fromEntries(
    Object.entries(adapter.authHeaders('KEY')).map(([name, value]) => [name, value.replace('KEY', key ? maskKey(key.key) : '<your key>')]),
  );
  const { estimate, noEstimate, learnable } = costOf(session, plan);
  // The seed a real run sends is drawn when it runs: showing this draw would promise a clip it will not make.
  if (plan.request.seed === undefined && plan.seed !== undefined) markRandomSeed(spec.body, plan.seed);
  return {
    provider: preset.name,
    model: plan.model.id,
    request: {
      method: spec.method,
      url: session.url(spec.path),
      headers: { ...headers, 'content-type': 'application/json' },
      body: spec.body,
    },
    estimate,
    ...(noEstimate !== undefined ? { noEstimate } : {}),
    ...(learnable ? { learnable } : {}),
    uploads,
  };
}

/** A plan as the price book sees it: the model, the fields that change its price, and how much it makes. */
export function pricedOf(session: Session, plan: GenerationPlan): Priced {
  const { run } = plan.request;
  if (run)
    return {
      provider: session.provider.preset,
      model: plan.model.id,
      extras: runPriceFields(run.body),
      seconds: plan.duration,
      endpoint: run.endpoint,
    };
  const images = plan.model.output === 'image' ? (plan.request.extras.count ?? 1) : undefined;
  return { provider: session.provider.preset, model: plan.model.id, extras: plan.request.extras, seconds: plan.duration, outputs: images };
}

export type Cost = Pick<DryRun, 'estimate' | 'noEstimate' | 'learnable'>;

/** What a create would cost, without building its request (a batch adds up 100,000 of these). */
export function costOf(session: Session, plan: GenerationPlan): Cost {
  const estimate = session.prices.estimate(pricedOf(session, plan)) ?? null;
  if (estimate) return { estimate };
  const learnable = session.provider.preset.features.estimates;
  return { estimate, noEstimate: noEstimateReason(plan, session.provider.preset.name, learnable), ...(learnable ? { learnable } : {}) };
}

/** The sum of several estimates, how many had none (and of those, how many no budget can hold), and why the first had none. */
export class CostTotal {
  count = 0;
  amount = 0;
  unit = 'credits';
  unknown = 0;
  /** Unknown, and the provider does not estimate tasks as they are created either. */
  unguarded = 0;
  noEstimate: string | undefined;

  add(cost: Cost): void {
    this.count++;
    if (!cost.estimate) {
      this.unknown++;
      if (!cost.learnable) this.unguarded++;
      // The reason a budget cannot hold comes first: it is the one a refusal names.
      if (this.noEstimate === undefined || (!cost.learnable && this.unguarded === 1)) this.noEstimate = cost.noEstimate;
    } else {
      this.amount += cost.estimate.amount;
      this.unit = cost.estimate.unit;
    }
  }
}

export function totalEstimate(runs: readonly Cost[]): CostTotal {
  const total = new CostTotal();
  for (const run of runs) total.add(run);
  return total;
}

/** Replaces the drawn seed in a request body (at any depth, under a `seed` key) by "<random>". */
function markRandomSeed(body: unknown, seed: number): void {
  if (!body || typeof body !== 'object') return;
  const record = body as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'seed' && value === seed) record[key] = '<random>';
    else markRandomSeed(value, seed);
  }
}

function noEstimateReason(plan: GenerationPlan, provider: string, learnable: boolean | undefined): string {
  if (plan.autoDuration) return 'the model chooses the length (--duration auto)';
  if (plan.duration === undefined && plan.model.output !== 'image' && !plan.model.run)
    return "the input video's length is unknown; pass a local MP4 to have it measured";
  return `no price is known for ${plan.model.id} on ${provider}${learnable ? ' yet' : ''}`;
}
