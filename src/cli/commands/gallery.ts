/** `runway gallery [-o dir] [--batch f | --report r…] [--since d] [--state s] [--model m] [--copy-media] [--open]`: one HTML page of what was made. */
import { galleryCommand } from '../../core/gallery/command.js';
import { openInBrowser } from '../../core/gallery/open.js';
import { openJournal } from '../../core/journal/journal.js';
import { sinceOf } from '../parse/spend.js';
import { renderGallery } from '../views/gallery.js';
import type { HandlerContext } from '../handler.js';

interface GalleryFlags {
  out?: string;
  batch?: string;
  report?: string[];
  since?: string;
  state?: string[];
  model?: string[];
  copyMedia?: boolean;
  open?: boolean;
  title?: string;
  json?: boolean;
  quiet?: boolean;
}

const list = (values: string[] | undefined) =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

export async function run({ options }: HandlerContext<GalleryFlags>): Promise<number> {
  const outcome = await galleryCommand(openJournal(), {
    out: options.out ?? 'runway-gallery',
    batch: options.batch,
    reports: options.report ?? [],
    since: sinceOf(options.since),
    states: list(options.state),
    models: list(options.model),
    copyMedia: options.copyMedia === true,
    title: options.title,
  });
  if (options.open) openInBrowser(outcome.page);
  return renderGallery(outcome, { json: options.json === true, quiet: options.quiet === true });
}
