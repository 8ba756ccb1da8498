/** `runway providers`: the registry (presets and the user's own) with what each can do, as data. */
import { catalogOf } from '../../providers/protocols.js';
import { allProviders } from './providers.js';
import type { ProviderPreset } from '../../providers/presets.js';
import type { UserProvider } from './config.js';

export interface ProviderRow {
  name: string;
  protocol: string;
  baseUrl: string;
  models: string[];
  textToVideo: boolean;
  imageToVideo: boolean;
  firstLastFrame: boolean;
  videoToVideo: boolean;
  extend: boolean;
  upload: boolean;
  webhook: boolean;
  userDefined: boolean;
}

export function providerRow(preset: ProviderPreset): ProviderRow {
  const models = catalogOf(preset);
  return {
    name: preset.name,
    protocol: preset.protocol,
    baseUrl: preset.baseUrl,
    models: models.map((m) => m.id),
    textToVideo: models.some((m) => m.text),
    imageToVideo: models.some((m) => m.image),
    firstLastFrame: models.some((m) => m.lastFrame),
    videoToVideo: models.some((m) => m.video),
    extend: preset.features.extend && models.some((m) => m.extend),
    upload: preset.features.upload,
    webhook: preset.features.webhook,
    userDefined: preset.userDefined === true,
  };
}

export function providerTable(user: Record<string, UserProvider>): ProviderRow[] {
  return allProviders(user).map(providerRow);
}
