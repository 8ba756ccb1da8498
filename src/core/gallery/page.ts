/**
 * The gallery page: one self-contained HTML file. Its data is one JSON block (every `<`, `>`, `&`
 * escaped, so no text in it can close the block); its own script and style are the only ones,
 * allowed by their hashes in a Content-Security-Policy that also forbids every network request
 * (no CDN, no fonts): the page works from file:// offline and as an uploaded CI artifact. Written
 * a card at a time, whole or not at all.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeTextWhole } from '../files/whole.js';
import type { GalleryCard } from './card.js';

/** The page's script and style, bundled from src/gallery/page by `npm run build`. */
function asset(name: string): string {
  try {
    return readFileSync(new URL(`../../../dist/gallery/${name}`, import.meta.url), 'utf8');
  } catch {
    throw new Error(`internal: the gallery page's ${name} is missing: run \`npm run build\``);
  }
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** JSON that is inert inside a <script> block, whatever its strings hold. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function* pieces(title: string, generated: string, cards: readonly GalleryCard[], script: string, style: string): Generator<string> {
  const policy = [
    "default-src 'none'",
    `script-src ${hash(script)}`,
    `style-src ${hash(style)}`,
    "img-src 'self' file: data:",
    "media-src 'self' file:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  yield '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n';
  yield `<meta http-equiv="Content-Security-Policy" content="${policy}">\n`;
  yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="referrer" content="no-referrer">\n';
  yield `<link rel="icon" href="data:,">\n<title>${escapeText(title)}</title>\n<style>${style}</style>\n</head>\n<body>\n`;
  yield '<noscript>This gallery needs JavaScript to show its clips.</noscript>\n';
  yield `<script type="application/json" id="gallery-data">{"title":${inertJson(title)},"generated":${inertJson(generated)},"cards":[`;
  let first = true;
  for (const card of cards) {
    yield `${first ? '' : ','}\n${inertJson(card)}`;
    first = false;
  }
  yield `\n]}</script>\n<script>${script}</script>\n</body>\n</html>\n`;
}

export async function writePage(file: string, title: string, cards: readonly GalleryCard[]): Promise<void> {
  const script = asset('page.js');
  const style = asset('page.css');
  await writeTextWhole(file, pieces(title, new Date().toISOString(), cards, script, style));
}
