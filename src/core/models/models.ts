/** Resolving what the user typed (a model id or a shortcut like gen4) to a provider's model. */
import { UsageError } from '../errors.js';
import { closest } from '../session/suggest.js';
import { providersOffering, providersThat, type ResolvedProvider } from '../session/providers.js';
import { currentOfficialModels, officialToolModels, permissiveModel, removedOfficialModels } from '../../providers/official/models.js';
import type { ToolCommand } from '../../providers/official/tools.js';
import { routerModel } from '../../providers/official/router.js';
import type { ModelSpec } from '../../providers/types.js';
import type { ProviderPreset } from '../../providers/presets.js';

export interface ModelChoice {
  model: ModelSpec;
  /** Set when an unknown id is passed through to an official-protocol API. */
  warning?: string;
}

export function findModel(catalog: readonly ModelSpec[], name: string): ModelSpec | undefined {
  return catalog.find((m) => m.id === name) ?? catalog.find((m) => m.shortcuts.includes(name)) ?? catalog.find((m) => m.wire === name);
}

export function resolveModel(provider: ResolvedProvider, name: string, all: ProviderPreset[]): ModelChoice {
  const found = findModel(provider.catalog, name);
  if (found) return { model: found };
  const elsewhere = providersOffering(name, all).filter((p) => p !== provider.preset.name);
  // Only a provider that speaks today's official API itself (no model list of its own) refuses them.
  const removed = provider.preset.features.officialCatalog ? findModel(removedOfficialModels, name) : undefined;
  if (removed?.removed) {
    throw new UsageError(
      `${removed.id} was removed from the official API ${removed.removed.when}; ${provider.preset.name} would refuse it. ` +
        `Use ${removed.removed.replacement} instead.`,
      {
        hint: `${elsewhere.length > 0 ? `Providers that still serve ${name}: ${elsewhere.join(', ')} (--provider <name>). ` : ''}\`runway models --provider ${provider.preset.name}\` lists what it offers.`,
      },
    );
  }
  const offered = provider.catalog.map((m) => m.id).join(', ');
  if (elsewhere.length > 0) {
    throw new UsageError(`${name} is not available on ${provider.preset.name} (it offers: ${offered}).`, {
      hint: `Providers that have ${name}: ${elsewhere.join(', ')}. Use --provider <name>.`,
    });
  }
  if (provider.preset.features.officialCatalog) {
    return {
      model: permissiveModel(name),
      warning: `Model "${name}" is not in this CLI's model table; sending it as-is (the API adds models often). Known: ${offered}.`,
    };
  }
  const suggestion = closest(
    name,
    provider.catalog.flatMap((m) => [m.id, ...m.shortcuts]),
  );
  throw new UsageError(`Unknown model "${name}" for ${provider.preset.name}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, {
    hint: `${provider.preset.name} offers: ${offered}.`,
  });
}

/**
 * The model of an upscale / frame-rate / HDR / Act-Two / image command: its default, or the one
 * named, among the models of its endpoint. Only the official API itself has these endpoints.
 */
export function resolveToolModel(
  provider: ResolvedProvider,
  tool: ToolCommand,
  name: string | undefined,
  all: readonly ProviderPreset[],
): ModelChoice {
  const { preset } = provider;
  if (!preset.features.officialCatalog) {
    throw new UsageError(`${preset.name} has no /v1/${tool.endpoint} endpoint: \`runway ${tool.name}\` works on the official API.`, {
      hint: `Use --provider ${providersThat(all, (f) => f.officialCatalog).join(' or ')} (and --provider sim to try it for free).`,
    });
  }
  const models = officialToolModels.filter((m) => m.endpoint === tool.endpoint);
  const id = name ?? tool.model;
  const found = models.find((m) => m.id === id) ?? models.find((m) => m.id === id.replace(/-/g, '_'));
  if (found) return { model: found };
  // A model of another endpoint is a known mistake, not a new model: sending it costs a refusal at best.
  const other = findModel([...currentOfficialModels, ...officialToolModels], id);
  if (other) {
    const endpoints =
      other.endpoint ??
      [other.text && 'text_to_video', other.image && 'image_to_video', other.video && 'video_to_video'].filter(Boolean).join(', ');
    throw new UsageError(
      `${other.id} is a model of ${endpoints}, not of /v1/${tool.endpoint}: \`runway ${tool.name}\` takes ` +
        `${models.map((m) => m.id).join(', ')}.`,
      {
        hint: other.endpoint
          ? `\`runway models\` lists which command serves ${other.id}.`
          : `Use \`runway generate --model ${other.id}\` (or its shortcut) for video.`,
      },
    );
  }
  const base = models.find((m) => m.id === tool.model) ?? models[0];
  if (!base) throw new Error(`internal: the catalog has no model for /v1/${tool.endpoint}`);
  const extras = [...new Set(models.flatMap((m) => m.extras ?? []))];
  return {
    model: { ...base, id, wire: id, label: id, extras },
    warning:
      `Model "${id}" is not in this CLI's catalog for /v1/${tool.endpoint}; sending it as-is. Known: ` +
      `${models.map((m) => m.id).join(', ')}.`,
  };
}

/** How a Model Router config is named where a model could be: `router:<config>` (--router, a batch line's "router"). */
export const routerPrefix = 'router:';

/**
 * A saved Model Router config in place of a model: the official API picks the model. Video unless
 * the command makes images.
 */
export function resolveRouter(
  provider: ResolvedProvider,
  configId: string,
  tool: ToolCommand | undefined,
  all: readonly ProviderPreset[],
): ModelChoice {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(configId)) {
    throw new UsageError(
      `--router "${configId}" is not a router config id (its slug: letters, digits, - and _, as \`runway router list\` shows them).`,
    );
  }
  if (!provider.preset.features.officialCatalog) {
    throw new UsageError(`${provider.preset.name} has no Model Router: --router works on the official API.`, {
      hint: `Use --provider ${providersThat(all, (f) => f.officialCatalog).join(' or ')}.`,
    });
  }
  if (tool && tool.endpoint !== 'text_to_image')
    throw new UsageError(`\`runway ${tool.name}\` takes a model, not --router (the Model Router makes videos and images).`);
  return { model: routerModel(configId, tool ? 'image' : 'video') };
}
