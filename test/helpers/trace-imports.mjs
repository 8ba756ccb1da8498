// Loaded with `node --import`: reports every module the program loads on fd 2 (ESM through a
// resolve hook, CommonJS through the require resolver), so a test can check what start-up loads.
import { register } from 'node:module';
import Module from 'node:module';
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  writeSync(2, 'IMPORT ' + result.url + '\\n');
  return result;
}`),
);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  writeSync(2, `IMPORT ${file.startsWith('/') ? pathToFileURL(file).href : file}\n`);
  return file;
};
