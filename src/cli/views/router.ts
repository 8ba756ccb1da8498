/** Model Router configs: a table, or one config's settings, or JSON. */
import { printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { RouterOutcome } from '../../core/models/routers.js';
import type { RouterConfig } from '../../providers/official/router.js';

function ceiling(router: RouterConfig): string {
  const caps = router.settings.maxCreditsPerGeneration;
  const parts = Object.entries(caps ?? {}).flatMap(([k, v]) => (typeof v === 'number' ? [`${k} ≤ ${v}`] : []));
  return parts.length > 0 ? parts.join(', ') : '-';
}

const models = (router: RouterConfig) =>
  router.settings.models
    ? `${router.settings.models.mode === 'allowlist_only' ? 'only' : 'all but'} ${router.settings.models.ids.join(', ')}`
    : 'any';

export function renderRouters(outcome: RouterOutcome, json: boolean): number {
  if (json) {
    printJson(outcome.kind === 'list' ? outcome.routers : outcome.router);
    return 0;
  }
  if (outcome.kind === 'list') {
    const rows = outcome.routers.map((r) => [r.slug, r.settings.optimizeFor ?? 'cost', ceiling(r), models(r)]);
    for (const line of formatTable(['ROUTER', 'OPTIMIZE FOR', 'CEILING (CREDITS)', 'MODELS'], rows)) printLine(line);
    return 0;
  }
  const { router } = outcome;
  printLine(`router:       ${router.slug} (${router.id}${router.version ? `, version ${router.version}` : ''})`);
  printLine(`optimize for: ${router.settings.optimizeFor ?? 'cost'}`);
  printLine(`ceiling:      ${ceiling(router)}`);
  printLine(`models:       ${models(router)}`);
  if (router.settings.fallback?.onCapacity) printLine('fallback:     another model when the best one is at capacity');
  return 0;
}
