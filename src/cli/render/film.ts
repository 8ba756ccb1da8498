/** A stitched film: its path on stdout (or its JSON), and how it was made. */
import { displayPath, printJson, printLine } from './output.js';
import { say } from './terminal.js';
import type { Stitched } from '../../core/media-tools/stitch.js';

export function renderStitched(film: Stitched, options: { json: boolean; quiet: boolean }): number {
  if (options.json) {
    printJson(film);
    return 0;
  }
  const how = film.mode === 'copied' ? 'streams copied, lossless' : 're-encoded to H.264';
  if (!options.quiet) say(`runway: joined ${film.clips} clip(s) into ${displayPath(film.file)} (${film.seconds.toFixed(2)} s, ${how})`);
  printLine(displayPath(film.file));
  return 0;
}
