/** The generated catalog, loaded once (JSON data, read with require: no experimental-module warning on older Node 20). */
import { createRequire } from 'node:module';
import type { OfficialCatalog } from './types.js';

export const officialCatalog = createRequire(import.meta.url)('./catalog.json') as OfficialCatalog;
