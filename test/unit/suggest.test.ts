import { describe, expect, it } from 'vitest';
import { closest } from '../../src/core/session/suggest.js';

const providers = ['runwayml', 'openai-hk', 'anyapi', 'openai-hk-legacy', 'openai-core', 'cometapi', 'sim'];

describe('did you mean', () => {
  it('suggests a near typo', () => {
    expect(closest('openai-hkk', providers)).toBe('openai-hk');
    expect(closest('runwaym', providers)).toBe('runwayml');
  });

  it('suggests the one name an abbreviation can stand for, not one of several', () => {
    expect(closest('comet', providers)).toBe('cometapi');
    expect(closest('openai', providers)).toBeUndefined();
    expect(closest('co', providers)).toBeUndefined();
  });

  it('suggests nothing for an unrelated name', () => {
    expect(closest('midjourney', providers)).toBeUndefined();
  });
});
