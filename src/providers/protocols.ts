import { official } from './official/index.js';
import { webTasks } from './web-tasks/index.js';
import { proFeed } from './pro-feed/index.js';
import type { ModelSpec, ProtocolAdapter, ProtocolId } from './types.js';
import type { ProviderPreset } from './presets.js';

const adapters: Record<ProtocolId, ProtocolAdapter> = {
  official,
  'web-tasks': webTasks,
  'pro-feed': proFeed,
};

export function protocolAdapter(id: ProtocolId): ProtocolAdapter {
  return adapters[id];
}

/** The models a provider serves: its protocol's catalog, narrowed and adjusted by the preset. */
export function catalogOf(preset: ProviderPreset): ModelSpec[] {
  const adapter = adapters[preset.protocol];
  return adapter.catalog
    .filter((m) => (preset.models ? preset.models.includes(m.id) : !m.removed))
    .map((m) => ({ ...m, ...preset.modelOverrides?.[m.id] }));
}
