import { describe, expect, it } from 'vitest';
import { estimateRemainingMs, nextPollDelay, type PollSample } from '../../src/core/tasks/poll-policy.js';

const policy = { minMs: 5000, maxMs: 30000 };

describe('poll scheduling', () => {
  it('starts at the minimum interval', () => {
    expect(nextPollDelay([], policy)).toBe(5000);
    expect(nextPollDelay([{ at: 0, state: 'pending' }], policy)).toBe(5000);
  });

  it('waits for the announced start of a queued task', () => {
    expect(nextPollDelay([{ at: 0, state: 'pending', startsInSeconds: 12 }], policy)).toBe(12000);
    expect(nextPollDelay([{ at: 0, state: 'pending', startsInSeconds: 1 }], policy)).toBe(5000);
  });

  it('estimates the remaining time from the progress rate', () => {
    const samples: PollSample[] = [
      { at: 0, state: 'running', progress: 0.1 },
      { at: 10_000, state: 'running', progress: 0.3 },
    ];
    expect(estimateRemainingMs(samples)).toBeCloseTo(35_000, -2);
  });

  it('uses the pending→running transition as a start point', () => {
    const samples: PollSample[] = [
      { at: 0, state: 'pending' },
      { at: 10_000, state: 'running', progress: 0.25 },
    ];
    // running began around t=5 s: 25 % in 5 s, so 75 % takes 15 s more
    expect(estimateRemainingMs(samples)).toBeCloseTo(15_000, -2);
  });

  it('approaches a far completion in steps, then aims just after it', () => {
    const far: PollSample[] = [
      { at: 0, state: 'running', progress: 0.05 },
      { at: 5_000, state: 'running', progress: 0.1 },
    ];
    // 90 s left: poll at 60 % of it (capped at 30 s)
    expect(nextPollDelay(far, policy)).toBe(30000);
    const near: PollSample[] = [
      { at: 0, state: 'running', progress: 0.5 },
      { at: 10_000, state: 'running', progress: 0.9 },
    ];
    // 2.5 s left: never faster than the minimum
    expect(nextPollDelay(near, policy)).toBe(5000);
    const mid: PollSample[] = [
      { at: 0, state: 'running', progress: 0.2 },
      { at: 10_000, state: 'running', progress: 0.6 },
    ];
    // 10 s left: aim slightly after it
    const delay = nextPollDelay(mid, policy);
    expect(delay).toBeGreaterThan(10_000);
    expect(delay).toBeLessThan(11_000);
  });

  it('falls back to the minimum without a usable rate', () => {
    expect(
      nextPollDelay(
        [
          { at: 0, state: 'running' },
          { at: 5000, state: 'running' },
        ],
        policy,
      ),
    ).toBe(5000);
    expect(
      nextPollDelay(
        [
          { at: 0, state: 'running', progress: 0.4 },
          { at: 5000, state: 'running', progress: 0.4 },
        ],
        policy,
      ),
    ).toBe(5000);
  });
});
