/**
 * The gallery page: its data from the JSON block, cards rendered a screenful at a time, search,
 * filters and sort kept in the URL's hash, a large view, side-by-side comparison, and the
 * keyboard (arrows move, space plays, Enter opens, Esc closes).
 */
import type { GalleryCard, GalleryData } from '../../core/gallery/card.js';
import { el } from './dom.js';
import { distinct, readView, sorts, visible, writeView, type View } from './view.js';
import { playPreview, renderCard, renderLarge } from './card.js';
import { renderCompare } from './compare.js';

const chunk = 60;
const data = JSON.parse(document.getElementById('gallery-data')?.textContent ?? '{"cards":[]}') as GalleryData;
document.title = data.title;

let view: View = readView(location.hash);
let shown: GalleryCard[] = [];
let rendered = 0;
const picked = new Set<GalleryCard>();

const search = el('input', { type: 'search', placeholder: 'search prompts', 'aria-label': 'search prompts', id: 'search' });
function select(name: keyof View, label: string, values: [string, string][]): HTMLSelectElement {
  const node = el('select', { 'aria-label': label, id: `filter-${name}` }, ...values.map(([value, text]) => el('option', { value }, text)));
  node.addEventListener('change', () => update({ [name]: node.value }));
  return node;
}
const states = select('state', 'state', [
  ['', 'every state'],
  ...distinct(data.cards, (c) => c.state).map((s): [string, string] => [s, s]),
]);
const models = select('model', 'model', [
  ['', 'every model'],
  ...distinct(data.cards, (c) => c.model).map((m): [string, string] => [m, m]),
]);
const batches = select('batch', 'batch', [
  ['', 'every batch'],
  ...distinct(data.cards, (c) => c.batch).map((b): [string, string] => [b, b]),
]);
const sort = select('sort', 'sort', Object.entries(sorts));
const compare = el('button', { type: 'button', id: 'compare', disabled: '' }, 'compare');
const count = el('span', { class: 'count', 'aria-live': 'polite' });
const list = el('main', { id: 'cards', role: 'list', 'aria-label': 'generated clips' });
const sentinel = el('div', { class: 'sentinel', 'aria-hidden': 'true' });
const viewer = el('dialog', { id: 'viewer', 'aria-label': 'clip' });

document.body.append(
  el('header', {}, el('h1', {}, data.title), count, search, states, models, batches, sort, compare),
  list,
  sentinel,
  viewer,
);

const actions = {
  open(card: GalleryCard) {
    const close = el('button', { type: 'button', class: 'close' }, 'close');
    close.addEventListener('click', () => viewer.close());
    viewer.replaceChildren(close, ...renderLarge(card));
    viewer.showModal();
  },
  pick(card: GalleryCard, on: boolean) {
    if (on) picked.add(card);
    else picked.delete(card);
    compare.toggleAttribute('disabled', picked.size < 2 || picked.size > 4);
    compare.textContent = `compare (${picked.size})`;
  },
  copy(command: string, button: HTMLButtonElement) {
    const done = () => (button.textContent = 'copied');
    navigator.clipboard?.writeText(command).then(done, () => window.prompt('Copy the command:', command));
  },
};

viewer.addEventListener('close', () => viewer.replaceChildren());
compare.addEventListener('click', () => {
  const close = el('button', { type: 'button', class: 'close' }, 'close');
  close.addEventListener('click', () => viewer.close());
  viewer.replaceChildren(close, renderCompare([...picked]));
  viewer.showModal();
});

function renderMore(): void {
  const next = shown.slice(rendered, rendered + chunk);
  let group = rendered > 0 ? (shown[rendered - 1]?.group ?? null) : null;
  for (const card of next) {
    if (card.group !== null && card.group !== group) list.append(el('h2', { class: 'group', role: 'presentation' }, card.group));
    group = card.group;
    list.append(renderCard(card, actions));
  }
  rendered += next.length;
}

function render(): void {
  shown = visible(data.cards, view);
  rendered = 0;
  list.replaceChildren();
  if (data.cards.length === 0) list.append(el('p', { class: 'empty' }, 'No jobs were selected for this gallery.'));
  else if (shown.length === 0) list.append(el('p', { class: 'empty' }, 'No clip matches.'));
  renderMore();
  count.textContent = `${shown.length} of ${data.cards.length}`;
}

function update(change: Partial<View>): void {
  view = { ...view, ...change };
  history.replaceState(null, '', `#${writeView(view)}`);
  render();
}

function syncControls(): void {
  search.value = view.q;
  states.value = view.state;
  models.value = view.model;
  batches.value = view.batch;
  sort.value = view.sort;
}

search.addEventListener('input', () => update({ q: search.value }));
window.addEventListener('hashchange', () => {
  view = readView(location.hash);
  syncControls();
  render();
});
new IntersectionObserver(
  (entries) => {
    if (entries.some((e) => e.isIntersecting) && rendered < shown.length) renderMore();
  },
  { rootMargin: '800px' },
).observe(sentinel);

/** Arrows move between cards (up and down by a row), space plays the focused one, Enter opens it. */
list.addEventListener('keydown', (event) => {
  const cards = [...list.querySelectorAll<HTMLElement>('article.card')];
  const current = document.activeElement instanceof HTMLElement ? cards.indexOf(document.activeElement) : -1;
  if (current < 0) return;
  const here = cards[current] as HTMLElement;
  const perRow = Math.max(1, cards.filter((c) => c.offsetTop === cards[0]?.offsetTop).length);
  const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow, ArrowUp: -perRow };
  if (event.key in moves) {
    event.preventDefault();
    const target = Math.min(cards.length - 1, Math.max(0, current + (moves[event.key] as number)));
    if (target >= cards.length - perRow && rendered < shown.length) renderMore();
    cards[target]?.focus();
  } else if (event.key === ' ') {
    event.preventDefault();
    const video = here.querySelector('video');
    playPreview(here, !video || video.paused);
  } else if (event.key === 'Enter') {
    event.preventDefault();
    here.click();
  }
});

syncControls();
render();
