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
    const a = committed.endpoints[endpoint]?.models ?? [];
    const b = fresh.endpoints[endpoint]?.models ?? [];
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
    const ratio = edited.endpoints.image_to_video?.models.find((m) => m.id === 'gen4_turbo')?.fields.find((f) => f.name === 'ratio');
    ratio?.choices?.splice(0, 1, '1281:720');
    expect(differences(edited, fresh)).toEqual([expect.stringMatching(/^image_to_video gen4_turbo\.ratio: committed .*1281:720/)]);
  });

  it('holds every video model of the three video endpoints, with limits read from the doc comments', () => {
    const t2v = fresh.endpoints.text_to_video?.models.map((m) => m.id) ?? [];
    expect(t2v).toEqual(expect.arrayContaining(['gen4.5', 'veo3.1', 'seedance2', 'hailuo3', 'wan3', 'gemini_omni_flash', 'h3_max']));
    expect(t2v).not.toContain('gen3a_turbo');
    const gen45 = fresh.endpoints.text_to_video?.models.find((m) => m.id === 'gen4.5');
    expect(gen45?.fields.find((f) => f.name === 'duration')).toMatchObject({ required: true, integer: true, min: 2, max: 10 });
    expect(gen45?.fields.find((f) => f.name === 'promptText')).toMatchObject({ maxLength: 1000 });
    const seedance = fresh.endpoints.text_to_video?.models.find((m) => m.id === 'seedance2');
    expect(seedance?.fields.find((f) => f.name === 'duration')).toMatchObject({ types: ['number'], choices: ['auto'] });
    expect(seedance?.fields.find((f) => f.name === 'references')).toMatchObject({ maxItems: 9 });
  });
});
