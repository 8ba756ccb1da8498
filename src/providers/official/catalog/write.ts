/** `npm run catalog`: regenerates catalog.json from the installed official SDK. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogJson, readSdkCatalog } from './read-sdk.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const target = fileURLToPath(new URL('../../../../src/providers/official/catalog/catalog.json', import.meta.url));
const catalog = readSdkCatalog(`${root}node_modules/@runwayml/sdk`);
writeFileSync(target, catalogJson(catalog));
const count = Object.values(catalog.endpoints).reduce((n, e) => n + e.models.length, 0);
process.stdout.write(
  `catalog.json: ${count} models on ${Object.keys(catalog.endpoints).length} endpoints, from @runwayml/sdk ${catalog.sdk}\n`,
);
// The shortcut list --help shows is derived from the model tables, the new catalog's included.
const { shortcutTable } = await import('../../../cli/shortcut-table.js');
const { catalogModelSpecs } = await import('./models.js');
writeFileSync(
  fileURLToPath(new URL('../../../../src/cli/shortcuts.json', import.meta.url)),
  `${JSON.stringify(shortcutTable(catalogModelSpecs(catalog)))}\n`,
);
