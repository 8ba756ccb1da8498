/** `npm run catalog`: regenerates catalog.json (and the shortcut list --help reads) from the installed official SDK. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogJson, readSdkCatalog } from './read-sdk.js';
import { shortcutTable } from '../../src/cli/options/shortcut-table.js';
import { catalogModelSpecs } from '../../src/providers/official/catalog/models.js';

// Compiled to .build/scripts/catalog/: the repository is three folders up.
const root = new URL('../../../', import.meta.url);
const catalog = readSdkCatalog(fileURLToPath(new URL('node_modules/@runwayml/sdk', root)));
writeFileSync(new URL('src/providers/official/catalog/catalog.json', root), catalogJson(catalog));
const count = Object.values(catalog.endpoints).reduce((n, e) => n + e.variants.length, 0);
process.stdout.write(
  `catalog.json: ${count} variants on ${Object.keys(catalog.endpoints).length} endpoints, from @runwayml/sdk ${catalog.sdk}\n`,
);
// The shortcut list --help shows is derived from the model tables, the new catalog's included.
writeFileSync(new URL('src/cli/options/shortcuts.json', root), `${JSON.stringify(shortcutTable(catalogModelSpecs(catalog)))}\n`);
