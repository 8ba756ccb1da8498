/** `runway providers`: the registry as a table (or JSON). */
import { ConfigStore } from '../../core/session/config.js';
import { stateDirs } from '../../core/paths.js';
import { allProviders } from '../../core/session/providers.js';
import { catalogOf } from '../../providers/protocols.js';
import type { ProviderPreset } from '../../providers/presets.js';
import { printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { HandlerContext } from '../handler.js';

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

const mark = (value: boolean) => (value ? 'yes' : '-');

export async function run({ options }: HandlerContext): Promise<number> {
  const config = new ConfigStore(stateDirs().config);
  const rows = allProviders(config.userProviders()).map(providerRow);
  if (options.json) {
    printJson(rows);
    return 0;
  }
  const columns: [string, (r: ProviderRow) => string][] = [
    ['PROVIDER', (r) => r.name],
    ['PROTOCOL', (r) => r.protocol],
    ['BASE URL', (r) => r.baseUrl],
    // The official API's list is long: `runway models` shows it whole.
    ['MODELS', (r) => (r.models.length > 6 ? `${r.models.length} (runway models)` : r.models.join(','))],
    ['T2V', (r) => mark(r.textToVideo)],
    ['I2V', (r) => mark(r.imageToVideo)],
    ['FIRST+LAST', (r) => mark(r.firstLastFrame)],
    ['V2V', (r) => mark(r.videoToVideo)],
    ['EXTEND', (r) => mark(r.extend)],
    ['UPLOAD', (r) => mark(r.upload)],
    ['WEBHOOK', (r) => mark(r.webhook)],
  ];
  const table = formatTable(
    columns.map(([title]) => title),
    rows.map((row) => columns.map(([, get]) => get(row))),
  );
  for (const line of table) printLine(line);
  return 0;
}
