/** What is shown: the search, filters and sort, kept in the URL's hash so a link (or a reload) shows the same. */
import type { GalleryCard } from '../../core/gallery/card.js';

export interface View {
  q: string;
  state: string;
  model: string;
  batch: string;
  sort: 'newest' | 'oldest' | 'cost-high' | 'cost-low' | 'model';
}

export const sorts: Record<View['sort'], string> = {
  newest: 'newest first',
  oldest: 'oldest first',
  'cost-high': 'most credits first',
  'cost-low': 'fewest credits first',
  model: 'by model',
};

export function readView(hash: string): View {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const sort = params.get('sort') ?? 'newest';
  return {
    q: params.get('q') ?? '',
    state: params.get('state') ?? '',
    model: params.get('model') ?? '',
    batch: params.get('batch') ?? '',
    sort: sort in sorts ? (sort as View['sort']) : 'newest',
  };
}

export function writeView(view: View): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(view) as [string, string][])
    if (value !== '' && !(key === 'sort' && value === 'newest')) params.set(key, value);
  return params.toString();
}

const byTime = (a: GalleryCard, b: GalleryCard) => a.createdAt.localeCompare(b.createdAt);

/** The cards the view shows, in its order; a group's cards stay together, in the order they were made. */
export function visible(cards: readonly GalleryCard[], view: View): GalleryCard[] {
  const q = view.q.trim().toLowerCase();
  const shown = cards.filter(
    (c) =>
      (q === '' || (c.prompt ?? '').toLowerCase().includes(q) || c.model.toLowerCase().includes(q) || (c.taskId ?? '').startsWith(q)) &&
      (view.state === '' || c.state === view.state) &&
      (view.model === '' || c.model === view.model) &&
      (view.batch === '' || c.batch === view.batch),
  );
  const order: Record<View['sort'], (a: GalleryCard, b: GalleryCard) => number> = {
    newest: (a, b) => byTime(b, a),
    oldest: byTime,
    'cost-high': (a, b) => (b.credits ?? -1) - (a.credits ?? -1),
    'cost-low': (a, b) => (a.credits ?? Infinity) - (b.credits ?? Infinity),
    model: (a, b) => a.model.localeCompare(b.model) || byTime(b, a),
  };
  const sorted = [...shown].sort(order[view.sort]);
  const groups = new Map<string, GalleryCard[]>();
  for (const card of sorted) if (card.group !== null) groups.set(card.group, [...(groups.get(card.group) ?? []), card]);
  const out: GalleryCard[] = [];
  const placed = new Set<string>();
  for (const card of sorted) {
    if (card.group === null) out.push(card);
    else if (!placed.has(card.group)) {
      placed.add(card.group);
      out.push(...(groups.get(card.group) ?? []).sort(byTime));
    }
  }
  return out;
}

export function distinct(cards: readonly GalleryCard[], pick: (c: GalleryCard) => string | null): string[] {
  return [...new Set(cards.map(pick).filter((v): v is string => v !== null && v !== ''))].sort();
}
