// `npm run build`: the gallery page's TypeScript (src/gallery/page, type-checked by its own
// tsconfig) bundled into one script, and its stylesheet minified, into dist/gallery/: the
// gallery writer inlines both into every page it writes.
import { build } from 'esbuild';

const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning' };
await build({ ...common, entryPoints: ['src/gallery/page/main.ts'], outfile: 'dist/gallery/page.js', format: 'iife', target: 'chrome110' });
await build({ ...common, entryPoints: ['src/gallery/page/style.css'], outfile: 'dist/gallery/page.css' });
