/**
 * The simulator rejects what the real services reject, so a CLI regression (an empty optional
 * URL field, a stray field on the strict official API) fails the tests instead of passing.
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimContext } from '../../src/sim/context.js';
import { validateWebCreate } from '../../src/sim/web-tasks.js';
import { validateOfficialCreate } from '../../src/sim/official.js';
import { keepPersistedMs, TaskStore } from '../../src/sim/tasks.js';
import { seed } from '../helpers/seeds.js';

function context(): SimContext {
  const ctx = new SimContext({});
  ctx.storageUrl = 'http://127.0.0.1:9';
  return ctx;
}

describe('the simulated web-tasks API', () => {
  it('refuses optional URL fields sent as "" or null, and URLs that did not come from its upload flow', () => {
    const body = seed('000-gen2-create-request');
    const problems = validateWebCreate(context(), 'openai-hk-legacy', body);
    expect(problems).toContain('image_prompt must be a URL from the upload endpoint');
    for (const empty of ['', null]) {
      const withEmpty = seed('000-gen3-create-request');
      withEmpty.options.init_image = empty;
      expect(validateWebCreate(context(), 'openai-hk-legacy', withEmpty)).toContain(
        `init_image must be omitted when unused (got ${JSON.stringify(empty)})`,
      );
    }
  });

  it('accepts the seed bodies once their URLs are its own', () => {
    const ctx = context();
    const body = seed('000-gen3-create-request');
    body.options.init_image = `${ctx.storageUrl}/datasets/x.png`;
    expect(validateWebCreate(ctx, 'openai-hk-legacy', body)).toEqual([]);
    const turbo = seed('002-gen3a-turbo-create-request');
    turbo.options.init_image = `${ctx.storageUrl}/datasets/y.jpg`;
    expect(validateWebCreate(ctx, 'openai-core', turbo)).toEqual([]);
  });
});

describe('the simulated official API', () => {
  it('is strict about fields on runwayml and lenient on gateways, like the real ones', () => {
    // seed 001's curl example; its other example pairs gen4_turbo with 1280:768, which the same
    // document's field table gives only to gen3a_turbo (the simulator refuses it, as it should)
    const body = seed('001-image-to-video-request-curl');
    expect(validateOfficialCreate(context(), 'openai-hk', 'image', seed('001-image-to-video-request')).map((i) => i.message)).toEqual([
      'Invalid ratio for gen4_turbo',
    ]);
    expect(validateOfficialCreate(context(), 'openai-hk', 'image', body)).toEqual([]);
    const strict = validateOfficialCreate(context(), 'runwayml', 'image', body);
    // The official API of today (the SDK's types): gen4_turbo takes no last frame and no watermark.
    expect(strict.map((i) => i.path.join('.')).sort()).toEqual(['promptImage.1.position', 'watermark']);
    expect(strict.find((i) => i.path[0] === 'promptImage')?.message).toMatch(/must be one of first/);
    const removed = validateOfficialCreate(context(), 'runwayml', 'image', { ...(body as object), model: 'gen3a_turbo' });
    expect(removed.map((i) => i.message)).toEqual([expect.stringMatching(/^Invalid model "gen3a_turbo" for image_to_video/)]);
  });

  it('checks video_to_video bodies against the catalog: a video model, a video URI, no unknown field', () => {
    const ok = { model: 'aleph2', videoUri: 'https://example.com/clip.mp4', promptText: 'snow', seed: 1, targetAspectRatio: '16:9' };
    expect(validateOfficialCreate(context(), 'runwayml', 'video', ok)).toEqual([]);
    expect(validateOfficialCreate(context(), 'runwayml', 'video', { model: 'aleph2', videoUri: 'data:video/mp4;base64,AAAA' })).toEqual([]);
    const bad = validateOfficialCreate(context(), 'runwayml', 'video', {
      model: 'aleph2',
      videoUri: 'data:image/png;base64,AAAA',
      targetAspectRatio: '5:4',
      duration: 5,
    });
    expect(bad.map((i) => i.path.join('.')).sort()).toEqual(['duration', 'targetAspectRatio', 'videoUri']);
    expect(
      validateOfficialCreate(context(), 'runwayml', 'video', { model: 'gen4_turbo', videoUri: 'https://x/v.mp4' }).map((i) => i.message),
    ).toEqual([expect.stringMatching(/^Invalid model "gen4_turbo" for video_to_video/)]);
    expect(
      validateOfficialCreate(context(), 'runwayml', 'video', { model: 'gen4_aleph', videoUri: 'https://x/v.mp4' }).map((i) => i.message),
    ).toEqual([expect.stringMatching(/^Invalid model "gen4_aleph"/)]);
  });
});

describe("the in-process simulator's task files", () => {
  it('are forgotten after a week, like the links they hold; newer ones are kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-sim-tasks-'));
    try {
      const store = new TaskStore({ queueMs: 0, runMs: 1000, artifactBytes: 1000 }, dir);
      const kept = store.create({ flavor: 'runwayml', prompt: 'recent', model: 'gen4.5', duration: 5, body: {}, now: Date.now() });
      const old = store.create({ flavor: 'runwayml', prompt: 'old', model: 'gen4.5', duration: 5, body: {}, now: Date.now() });
      const eightDaysAgo = new Date(Date.now() - keepPersistedMs - 24 * 3600 * 1000);
      utimesSync(join(dir, `${old.id}.json`), eightDaysAgo, eightDaysAgo);
      const next = new TaskStore({ queueMs: 0, runMs: 1000, artifactBytes: 1000 }, dir);
      expect(next.get(kept.id)?.prompt).toBe('recent');
      expect(next.get(old.id)).toBeUndefined();
      expect(readdirSync(dir)).toEqual([`${kept.id}.json`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
