/**
 * When to poll next, as a pure function of what we have seen. Instead of a fixed interval, the
 * policy fits the progress reports to a line, predicts the completion time, and aims the next
 * poll just after it — far-off predictions are approached in steps, since early estimates are
 * rough. It never polls faster than the provider's minimum interval.
 */
import type { TaskState } from '../../providers/types.js';

export interface PollSample {
  /** Clock ms. */
  at: number;
  state: TaskState;
  progress?: number | undefined;
  startsInSeconds?: number | undefined;
}

export interface PollPolicy {
  minMs: number;
  maxMs: number;
}

/** Aim this far past the predicted completion: being early costs a whole extra interval. */
const lateBias = 1.06;
const marginMs = 150;
/** Predictions further out than this many minimum intervals are approached in steps. */
const approachFactor = 3;
const approachFraction = 0.6;
const fitWindow = 6;

/** Least-squares line through the recent (time, progress) points; undefined without a positive slope. */
export function estimateRemainingMs(samples: readonly PollSample[]): number | undefined {
  const points: { t: number; p: number }[] = [];
  let lastPendingAt: number | undefined;
  for (const s of samples) {
    if (s.state === 'pending') lastPendingAt = s.at;
    else if (s.state === 'running' && s.progress !== undefined) {
      // The start of running lies between the last pending sample and the first running one.
      if (points.length === 0 && lastPendingAt !== undefined && s.progress > 0) points.push({ t: (lastPendingAt + s.at) / 2, p: 0 });
      points.push({ t: s.at, p: s.progress });
    }
  }
  const recent = points.slice(-fitWindow);
  if (recent.length < 2) return undefined;
  const n = recent.length;
  const meanT = recent.reduce((a, x) => a + x.t, 0) / n;
  const meanP = recent.reduce((a, x) => a + x.p, 0) / n;
  let cov = 0;
  let varT = 0;
  for (const x of recent) {
    cov += (x.t - meanT) * (x.p - meanP);
    varT += (x.t - meanT) ** 2;
  }
  if (varT === 0 || cov <= 0) return undefined;
  const slope = cov / varT;
  const last = recent[n - 1] as { t: number; p: number };
  const fitted = Math.min(1, meanP + slope * (last.t - meanT));
  return Math.max(0, (1 - fitted) / slope);
}

export function nextPollDelay(samples: readonly PollSample[], policy: PollPolicy): number {
  const clamp = (ms: number) => Math.round(Math.min(policy.maxMs, Math.max(policy.minMs, ms)));
  const last = samples[samples.length - 1];
  if (!last) return policy.minMs;
  if (last.state === 'pending') {
    return clamp(last.startsInSeconds !== undefined && last.startsInSeconds > 0 ? last.startsInSeconds * 1000 : policy.minMs);
  }
  const remaining = estimateRemainingMs(samples);
  if (remaining === undefined) return policy.minMs;
  if (remaining > approachFactor * policy.minMs) return clamp(remaining * approachFraction);
  return clamp(remaining * lateBias + marginMs);
}
