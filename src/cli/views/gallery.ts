/** A written gallery: its page on stdout (or --json), what is in it on stderr. */
import { displayPath, printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { GalleryOutcome } from '../../core/gallery/command.js';

export function renderGallery(outcome: GalleryOutcome, options: { json: boolean; quiet: boolean }): number {
  if (options.json) printJson({ ...outcome, page: displayPath(outcome.page) });
  else printLine(displayPath(outcome.page));
  if (outcome.cards === 0) say('runway: no job matches the selection; the page says so.');
  else if (!options.quiet)
    say(
      `runway: gallery of ${outcome.cards} job(s)${outcome.posters ? `, ${outcome.posters} new poster(s)` : ''}` +
        `${outcome.missing ? `; ${outcome.missing} with a file that is gone (shown as missing)` : ''}.`,
    );
  return 0;
}
