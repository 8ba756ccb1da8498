/**
 * Model shortcuts: each is `generate --model <name>`, resolved to the provider's own model. The
 * list is derived from the model tables (the official API's catalog first, then the gateways'
 * Gen-2/Gen-3 and the models the official API removed) by `npm run catalog` into a small JSON
 * file, so `--help` loads no model table; a test checks it is current.
 */
import { createRequire } from 'node:module';

export const shortcuts: readonly [string, string][] = createRequire(import.meta.url)('../options/shortcuts.json') as [string, string][];
