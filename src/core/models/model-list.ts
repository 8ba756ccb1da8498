/**
 * The model table as `runway models` shows it: per model, the endpoints it is on, what it takes
 * as input, its ratios, durations, prompt limit and price. For a provider that speaks today's
 * official API, every model of the catalog (video, upscale, HDR, Act-Two, images); for the
 * others, their own tables.
 */
import { officialCatalog } from '../../providers/official/catalog/index.js';
import type { CatalogField } from '../../providers/official/catalog/types.js';
import { runModelId } from '../../providers/official/run/endpoints.js';
import { catalogOf } from '../../providers/protocols.js';
import { rateText, type PriceBook } from '../cost/price-book.js';
import type { ModelSpec } from '../../providers/types.js';
import type { ProviderPreset } from '../../providers/presets.js';
import type { ConfigStore } from '../session/config.js';
import { findProvider } from '../session/providers.js';
import { defaultProvider } from '../session/defaults.js';

export interface ModelRow {
  model: string;
  shortcuts: string[];
  endpoints: string[];
  inputs: string[];
  ratios: string[];
  durations: string;
  promptMax: number | null;
  /** "12 credits/s"; null where no price is known. */
  price: string | null;
  /** Where the price came from: published (and when), or learned from which task. */
  priceSource: string | null;
}

function durationText(model: ModelSpec | undefined): string {
  if (!model) return '-';
  if (model.lengthFromInput && !model.text && !model.image) return 'as input';
  const d = model.durations;
  const listed =
    d.length === 0
      ? 'any'
      : d.length > 3 && d.every((x, i) => i === 0 || x === (d[i - 1] as number) + 1)
        ? `${d[0]}-${d.at(-1)}`
        : d.join(',');
  return model.durationAuto ? `${listed},auto` : listed;
}

function inputsOf(model: ModelSpec): string[] {
  return [
    ...(model.text ? ['text'] : []),
    ...(model.image ? ['image'] : []),
    ...(model.lastFrame ? ['first+last'] : []),
    ...(model.video ? ['video'] : []),
    ...(model.references?.image ? ['references'] : []),
    ...(model.references?.video ? ['reference-videos'] : []),
    ...(model.references?.audio ? ['reference-audio'] : []),
  ];
}

/** What a variant of an endpoint takes, read from its fields: text, and each kind of media. */
function catalogInputs(fields: readonly CatalogField[]): string[] {
  const found = new Set<string>();
  const visit = (list: readonly CatalogField[]) => {
    for (const f of list) {
      if (f.media) found.add(f.media);
      if (/^(promptText|prompt|text)$/.test(f.name) && f.types.includes('string')) found.add('text');
      visit(f.fields ?? []);
      visit(f.items ?? []);
      for (const shape of f.oneOf?.variants ?? []) visit(shape.fields);
    }
  };
  visit(fields);
  return ['text', 'image', 'video', 'audio'].filter((kind) => found.has(kind));
}

export function modelRows(preset: ProviderPreset, prices: PriceBook): ModelRow[] {
  const specs = catalogOf(preset);
  const rows = new Map<string, ModelRow>();
  const priceOf = (id: string) => {
    const known = prices.priceOf({ provider: preset, model: id, extras: {} });
    return { price: known ? rateText(known) : null, priceSource: known?.source ?? null };
  };
  for (const model of specs) {
    rows.set(model.id, {
      model: model.id,
      shortcuts: model.shortcuts,
      endpoints: [],
      inputs: inputsOf(model),
      ratios: model.ratios,
      durations: durationText(model),
      promptMax: Number.isFinite(model.promptMax) ? model.promptMax : null,
      ...priceOf(model.id),
    });
  }
  if (preset.features.officialCatalog) {
    for (const [endpoint, described] of Object.entries(officialCatalog.endpoints)) {
      // The Model Router's endpoints have no models of their own: `runway router list` shows its configs.
      if (described.variants.length === 1 && described.variants[0]?.fields.some((f) => f.name === 'configId')) continue;
      for (const variant of described.variants) {
        const id = runModelId(endpoint, variant.id, described.key);
        const row = rows.get(id) ?? {
          model: id,
          shortcuts: [],
          endpoints: [],
          inputs: catalogInputs(variant.fields),
          ratios: ((variant.fields.find((f) => f.name === 'ratio')?.choices ?? []) as string[]).filter((c) => typeof c === 'string'),
          durations: '-',
          promptMax: variant.fields.find((f) => f.name === 'promptText')?.maxLength ?? null,
          ...priceOf(id),
        };
        if (!row.endpoints.includes(endpoint)) row.endpoints.push(endpoint);
        rows.set(id, row);
      }
    }
  } else {
    for (const model of specs) {
      const row = rows.get(model.id) as ModelRow;
      if (model.text) row.endpoints.push('text_to_video');
      if (model.image) row.endpoints.push('image_to_video');
      if (model.video) row.endpoints.push('video_to_video');
    }
  }
  return [...rows.values()];
}

/** `runway models`: the provider asked for (else the default one) and every model it serves. */
export function modelTable(
  config: Pick<ConfigStore, 'setting' | 'userProviders'>,
  prices: PriceBook,
  asked?: string,
): { provider: string; rows: ModelRow[] } {
  const preset = findProvider(defaultProvider(config, asked), config.userProviders());
  return { provider: preset.name, rows: modelRows(preset, prices) };
}
