/**
 * What a create would send, without sending it: the exact request with local files shown as
 * placeholders and the key redacted, plus the estimated cost. No network, no key required.
 */
import { formatBytes } from '../format-bytes.js';
import { estimateCost, type Estimate } from './pricing.js';
import { findKey } from '../session/keys.js';
import { maskKey } from '../redact.js';
import { assemble, mediaEntries, sendsInline, type GenerationPlan, type MediaRole } from '../generation/plan.js';
import type { Session } from '../session/session.js';
import { describeMedia } from '../../providers/media-ref.js';

export interface DryRun {
  provider: string;
  model: string;
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  estimate: Estimate | null;
  /** Why there is no estimate, when there is none. */
  noEstimate?: string;
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
  const key = findKey(preset, { env: process.env, stored: session.config.storedKey(preset.name) });
  const headers = Object.fromEntries(
    Object.entries(adapter.authHeaders('KEY')).map(([name, value]) => [name, value.replace('KEY', key ? maskKey(key.key) : '<your key>')]),
  );
  const { estimate, noEstimate } = costOf(session, plan);
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
    uploads,
  };
}

/** What a create would cost, without building its request (a batch adds up 100,000 of these). */
export function costOf(session: Session, plan: GenerationPlan): Pick<DryRun, 'estimate' | 'noEstimate'> {
  const estimate = estimateCost(session.provider.preset, plan.model.id, plan.duration, plan.request.extras) ?? null;
  return estimate ? { estimate } : { estimate, noEstimate: noEstimateReason(plan, session.provider.preset.name) };
}

/** The sum of several estimates, how many had none, and why the first of those had none. */
export class CostTotal {
  count = 0;
  amount = 0;
  unit = 'credits';
  unknown = 0;
  noEstimate: string | undefined;

  add(cost: Pick<DryRun, 'estimate' | 'noEstimate'>): void {
    this.count++;
    if (!cost.estimate) {
      this.unknown++;
      this.noEstimate ??= cost.noEstimate;
    } else {
      this.amount += cost.estimate.amount;
      this.unit = cost.estimate.unit;
    }
  }
}

export function totalEstimate(runs: readonly Pick<DryRun, 'estimate' | 'noEstimate'>[]): CostTotal {
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

function noEstimateReason(plan: GenerationPlan, provider: string): string {
  if (plan.autoDuration) return 'the model chooses the length (--duration auto)';
  if (plan.duration === undefined) return "the input video's length is unknown; pass a local MP4 to have it measured";
  return `${provider} publishes no price for ${plan.model.id}`;
}
