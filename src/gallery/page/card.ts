/** One card: the clip (a poster that plays on hover or focus), what was asked, what it cost, how it ended. */
import type { CardMedia, GalleryCard } from '../../core/gallery/card.js';
import { el, safeHref } from './dom.js';

export interface CardActions {
  open(card: GalleryCard): void;
  pick(card: GalleryCard, picked: boolean): void;
  copy(command: string, button: HTMLButtonElement): void;
}

const stateWords: Record<string, string> = {
  succeeded: 'succeeded',
  saving: 'finished, not saved yet',
  pending: 'queued',
  running: 'running',
  failed: 'failed',
  cancelled: 'cancelled',
  unknown: 'unknown: may have been created',
  'not-created': 'not created',
};

function preview(media: CardMedia | undefined, card: GalleryCard): HTMLElement {
  const href = safeHref(media?.href ?? null);
  if (!media) return el('div', { class: 'placeholder' }, card.failure ? card.failure.kind : (stateWords[card.state] ?? card.state));
  if (href === null) return el('div', { class: 'placeholder missing' }, `file missing: ${media.name}`);
  if (media.kind === 'image') return el('img', { src: href, alt: `image: ${card.prompt ?? media.name}`, loading: 'lazy' });
  if (media.kind === 'audio') return el('audio', { src: href, controls: '', preload: 'none', 'aria-label': `audio: ${media.name}` });
  const poster = safeHref(media.poster);
  // The poster stands in until the clip is wanted; without one the video's own first frame does.
  return poster !== null
    ? el('img', { src: poster, alt: `poster of ${card.prompt ?? media.name}`, loading: 'lazy', class: 'poster' })
    : el('video', { src: href, preload: 'metadata', muted: '', playsinline: '', 'aria-label': `video: ${media.name}` });
}

/** The clip of a card plays muted in a loop while pointed at or focused. */
export function playPreview(article: HTMLElement, play: boolean): void {
  const href = article.dataset.video;
  if (!href) return;
  let video = article.querySelector<HTMLVideoElement>('video.preview, .media > video');
  if (!video && play) {
    video = el('video', { src: href, muted: '', loop: '', playsinline: '', class: 'preview', 'aria-hidden': 'true' });
    video.muted = true;
    article.querySelector('.media')?.replaceChildren(video);
  }
  if (!video) return;
  video.muted = true;
  video.loop = true;
  if (play) void video.play().catch(() => undefined);
  else video.pause();
}

function meta(card: GalleryCard): HTMLElement {
  const rows: [string, string | null][] = [
    ['model', card.model],
    ['provider', card.provider],
    ['ratio', card.ratio],
    ['seconds', card.duration === null ? null : String(card.duration)],
    ['seed', card.seed === null ? null : String(card.seed)],
    ['credits', card.credits === null ? null : `${card.credits}${card.creditsFinal ? '' : ' (estimated)'}`],
    ['task', card.taskId],
    ['made', card.createdAt ? card.createdAt.replace('T', ' ').slice(0, 19) : null],
  ];
  return el('dl', { class: 'meta' }, ...rows.filter(([, v]) => v !== null).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

export function renderCard(card: GalleryCard, actions: CardActions): HTMLElement {
  const media = card.media[0];
  const article = el('article', {
    class: `card state-${card.state}`,
    tabindex: '0',
    role: 'listitem',
    'data-task-id': card.taskId ?? '',
    'data-state': card.state === 'saving' ? 'succeeded' : card.state,
    'aria-label': `${stateWords[card.state] ?? card.state}: ${card.prompt ?? card.model}`,
  });
  const video = media?.kind === 'video' ? safeHref(media.href) : null;
  if (video !== null) article.dataset.video = video;
  const prompt = el('p', { class: 'prompt' }, card.prompt ?? '(no prompt)');
  const more = el('button', { type: 'button', class: 'more', 'aria-expanded': 'false' }, 'more');
  more.addEventListener('click', (event) => {
    event.stopPropagation();
    const open = prompt.classList.toggle('expanded');
    more.setAttribute('aria-expanded', String(open));
    more.textContent = open ? 'less' : 'more';
  });
  const copy = el('button', { type: 'button', class: 'copy' }, 'copy command');
  copy.addEventListener('click', (event) => {
    event.stopPropagation();
    actions.copy(card.command, copy);
  });
  const pick = el('input', { type: 'checkbox', 'aria-label': 'compare this clip' });
  pick.addEventListener('click', (event) => event.stopPropagation());
  pick.addEventListener('change', () => actions.pick(card, pick.checked));
  const parts: (HTMLElement | null)[] = [
    el('div', { class: 'media' }, preview(media, card)),
    el('div', { class: 'state' }, stateWords[card.state] ?? card.state, card.media.length > 1 ? ` · ${card.media.length} files` : ''),
    card.failure ? el('p', { class: 'failure' }, el('strong', {}, card.failure.kind), ': ', card.failure.message) : null,
    prompt,
    more,
    meta(card),
    card.inputs.length > 0
      ? el(
          'div',
          { class: 'inputs' },
          ...card.inputs.map((i) => {
            const href = safeHref(i.href);
            return href !== null ? el('img', { src: href, alt: i.label, loading: 'lazy' }) : el('span', {}, i.label);
          }),
        )
      : null,
    el('div', { class: 'actions' }, copy, el('label', {}, pick, ' compare')),
  ];
  article.append(...parts.filter((part): part is HTMLElement => part !== null));
  article.addEventListener('mouseenter', () => playPreview(article, true));
  article.addEventListener('mouseleave', () => playPreview(article, false));
  article.addEventListener('focus', () => playPreview(article, true));
  article.addEventListener('blur', () => playPreview(article, false));
  article.addEventListener('click', () => actions.open(card));
  return article;
}

/** The large view: the clip with its controls, and every field of the card. */
export function renderLarge(card: GalleryCard): HTMLElement[] {
  const parts: HTMLElement[] = card.media.map((media) => {
    const href = safeHref(media.href);
    if (href === null) return el('p', { class: 'missing' }, `file missing: ${media.name}`);
    if (media.kind === 'image') return el('img', { src: href, alt: card.prompt ?? media.name });
    if (media.kind === 'audio') return el('audio', { src: href, controls: '' });
    return el('video', { src: href, controls: '', autoplay: '', loop: '', playsinline: '' });
  });
  return [
    ...parts,
    el('p', { class: 'prompt expanded' }, card.prompt ?? '(no prompt)'),
    card.failure ? el('p', { class: 'failure' }, el('strong', {}, card.failure.kind), ': ', card.failure.message) : el('span'),
    meta(card),
    el('pre', { class: 'command' }, card.command),
  ];
}
