/**
 * The committed official catalog is exactly what the installed SDK's types say: bumping the SDK
 * without `npm run catalog` fails here, naming the endpoint, model and field that differ.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSdkCatalog } from '../../scripts/catalog/read-sdk.js';
import type { CatalogField, OfficialCatalog } from '../../src/providers/official/catalog/types.js';
import { catalogModelSpecs } from '../../src/providers/official/catalog/models.js';
import { shortcutTable } from '../../src/cli/options/shortcut-table.js';

const sdkDir = fileURLToPath(new URL('../../node_modules/@runwayml/sdk', import.meta.url));
const committedPath = new URL('../../src/providers/official/catalog/catalog.json', import.meta.url);

function fieldDifferences(where: string, a: readonly CatalogField[], b: readonly CatalogField[]): string[] {
  const out: string[] = [];
  const names = new Set([...a.map((f) => f.name), ...b.map((f) => f.name)]);
  for (const name of names) {
    const x = a.find((f) => f.name === name);
    const y = b.find((f) => f.name === name);
    if (!x || !y) out.push(`${where}.${name}: ${x ? 'only in the committed catalog' : 'only in the SDK'}`);
    else if (JSON.stringify(x) !== JSON.stringify(y))
      out.push(`${where}.${name}: committed ${JSON.stringify(x)} but the SDK says ${JSON.stringify(y)}`);
  }
  return out;
}

/** Every difference, as "endpoint model.field: …". */
function differences(committed: OfficialCatalog, fresh: OfficialCatalog): string[] {
  const out: string[] = [];
  if (committed.sdk !== fresh.sdk) out.push(`sdk: committed ${committed.sdk}, installed ${fresh.sdk}`);
  for (const endpoint of new Set([...Object.keys(committed.endpoints), ...Object.keys(fresh.endpoints)])) {
    if (!committed.endpoints[endpoint] || !fresh.endpoints[endpoint]) {
      out.push(
        `${endpoint}: ${committed.endpoints[endpoint] ? 'no longer in the SDK' : 'a task endpoint of the SDK the catalog does not describe'}`,
      );
      continue;
    }
    const shape = (e: OfficialCatalog['endpoints'][string]) => JSON.stringify([e.path, e.method, e.key]);
    if (shape(committed.endpoints[endpoint]) !== shape(fresh.endpoints[endpoint]))
      out.push(`${endpoint}: committed ${shape(committed.endpoints[endpoint])} but the SDK says ${shape(fresh.endpoints[endpoint])}`);
    const a = committed.endpoints[endpoint].variants;
    const b = fresh.endpoints[endpoint].variants;
    for (const id of new Set([...a.map((m) => m.id), ...b.map((m) => m.id)])) {
      const x = a.find((m) => m.id === id);
      const y = b.find((m) => m.id === id);
      if (!x || !y) out.push(`${endpoint} ${id}: ${x ? 'no longer in the SDK' : 'new in the SDK'}`);
      else out.push(...fieldDifferences(`${endpoint} ${id}`, x.fields, y.fields));
    }
  }
  return out;
}

describe('the official catalog', () => {
  const fresh = readSdkCatalog(sdkDir);

  it('matches the installed SDK (run `npm run catalog` after bumping @runwayml/sdk)', () => {
    const committed = JSON.parse(readFileSync(committedPath, 'utf8')) as OfficialCatalog;
    expect(differences(committed, fresh)).toEqual([]);
  });

  it('the shortcut list --help reads is the one the model tables give (run `npm run catalog`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../src/cli/options/shortcuts.json', import.meta.url), 'utf8')) as [
      string,
      string,
    ][];
    expect(committed).toEqual(shortcutTable(catalogModelSpecs(fresh)));
  });

  it('names the model and field of a hand edit', () => {
    const edited = JSON.parse(readFileSync(committedPath, 'utf8')) as OfficialCatalog;
    const ratio = edited.endpoints.image_to_video?.variants.find((m) => m.id === 'gen4_turbo')?.fields.find((f) => f.name === 'ratio');
    ratio?.choices?.splice(0, 1, '1281:720');
    expect(differences(edited, fresh)).toEqual([expect.stringMatching(/^image_to_video gen4_turbo\.ratio: committed .*1281:720/)]);
  });

  it('fails when the SDK has a task endpoint the catalog does not describe, or a variant it does not list', () => {
    const edited = JSON.parse(readFileSync(committedPath, 'utf8')) as OfficialCatalog;
    delete edited.endpoints['voice_isolation'];
    edited.endpoints['recipes/multi_shot_video']?.variants.pop();
    expect(differences(edited, fresh).sort()).toEqual([
      'recipes/multi_shot_video custom: new in the SDK',
      'voice_isolation: a task endpoint of the SDK the catalog does not describe',
    ]);
  });

  it('reads every resource method that returns an awaitable task: 24 endpoints, keyed by model, by mode, or of one shape', () => {
    expect(Object.keys(fresh.endpoints)).toHaveLength(24);
    expect(fresh.endpoints['recipes/multi_shot_video']).toMatchObject({
      path: '/v1/recipes/multi_shot_video',
      method: 'multiShotVideo',
      key: 'mode',
    });
    expect(fresh.endpoints['recipes/multi_shot_video']?.variants.map((v) => v.id)).toEqual(['auto', 'custom']);
    expect(fresh.endpoints['generate/video']).toMatchObject({ path: '/v1/generate/video', variants: [{ id: '' }] });
    expect(fresh.endpoints['generate/video']?.key).toBeUndefined();
    const tts = fresh.endpoints.text_to_speech?.variants.find((v) => v.id === 'seed_audio');
    expect(tts?.fields.find((f) => f.name === 'voice')?.fields).toEqual([
      { name: 'audioUri', required: true, types: ['string'], media: 'audio' },
      { name: 'type', required: true, types: [], choices: ['reference-audio'] },
    ]);
    const avatar = fresh.endpoints.avatar_videos?.variants[0]?.fields.find((f) => f.name === 'avatar');
    expect(avatar?.oneOf?.key).toBe('type');
    expect(avatar?.oneOf?.variants.map((v) => v.id)).toEqual(['runway-preset', 'custom']);
    const product = fresh.endpoints['recipes/product_ad']?.variants[0]?.fields.find((f) => f.name === 'productImages');
    expect(product?.items).toEqual([expect.objectContaining({ name: 'uri', media: 'image' })]);
  });

  it('holds every video model of the three video endpoints, with limits read from the doc comments', () => {
    const t2v = fresh.endpoints.text_to_video?.variants.map((m) => m.id) ?? [];
    expect(t2v).toEqual(expect.arrayContaining(['gen4.5', 'veo3.1', 'seedance2', 'hailuo3', 'wan3', 'gemini_omni_flash', 'h3_max']));
    expect(t2v).not.toContain('gen3a_turbo');
    const gen45 = fresh.endpoints.text_to_video?.variants.find((m) => m.id === 'gen4.5');
    expect(gen45?.fields.find((f) => f.name === 'duration')).toMatchObject({ required: true, integer: true, min: 2, max: 10 });
    expect(gen45?.fields.find((f) => f.name === 'promptText')).toMatchObject({ maxLength: 1000 });
    const seedance = fresh.endpoints.text_to_video?.variants.find((m) => m.id === 'seedance2');
    expect(seedance?.fields.find((f) => f.name === 'duration')).toMatchObject({ types: ['number'], choices: ['auto'] });
    expect(seedance?.fields.find((f) => f.name === 'references')).toMatchObject({ maxItems: 9 });
  });
});
