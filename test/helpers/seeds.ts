/** Loads the verbatim seed JSON bodies (test/fixtures/seeds). */
import { readFileSync } from 'node:fs';

export function seed<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/seeds/${name}.json`, import.meta.url), 'utf8')) as T;
}
