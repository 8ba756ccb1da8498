// Loaded with `node --import`: reports every module URL the program resolves on fd 2, so a
// test can check what `runway --help` loads.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  writeSync(2, 'IMPORT ' + result.url + '\\n');
  return result;
}`));
