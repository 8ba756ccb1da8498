/** Two to four clips side by side, played in sync: the first leads, the others follow its time. */
import { el, safeHref } from './dom.js';
import type { GalleryCard } from '../../core/gallery/card.js';

export function renderCompare(cards: readonly GalleryCard[]): HTMLElement {
  const videos = cards.map((card) => {
    const href = safeHref(card.media.find((m) => m.kind === 'video')?.href ?? null);
    const video = href !== null ? el('video', { src: href, muted: '', loop: '', playsinline: '', preload: 'auto' }) : null;
    if (video) video.muted = true;
    return { card, video };
  });
  const [lead, ...rest] = videos.map((v) => v.video).filter((v): v is HTMLVideoElement => v !== null);
  const toggle = el('button', { type: 'button', class: 'play-all' }, 'play all');
  toggle.addEventListener('click', () => {
    const playing = lead !== undefined && !lead.paused;
    for (const video of [lead, ...rest]) if (video) void (playing ? Promise.resolve(video.pause()) : video.play().catch(() => undefined));
    toggle.textContent = playing ? 'play all' : 'pause all';
  });
  lead?.addEventListener('timeupdate', () => {
    for (const video of rest) if (Math.abs(video.currentTime - lead.currentTime) > 0.2) video.currentTime = lead.currentTime;
  });
  return el(
    'div',
    { class: 'compare' },
    toggle,
    el(
      'div',
      { class: `compare-grid n${videos.length}` },
      ...videos.map(({ card, video }) =>
        el(
          'figure',
          {},
          video ?? el('p', { class: 'missing' }, 'no video'),
          el('figcaption', {}, `${card.model} · seed ${card.seed ?? '-'} · ${card.prompt ?? ''}`),
        ),
      ),
    ),
  );
}
