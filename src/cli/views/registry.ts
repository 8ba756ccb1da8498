/** The provider and model tables on the terminal, or as JSON. */
import { printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { ProviderRow } from '../../core/session/provider-table.js';
import type { ModelRow } from '../../core/models/model-list.js';

const mark = (value: boolean) => (value ? 'yes' : '-');

export function renderProviders(rows: ProviderRow[], json: boolean): number {
  if (json) {
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

export function renderModels(table: { provider: string; rows: ModelRow[] }, json: boolean): number {
  if (json) {
    for (const row of table.rows) printJson({ provider: table.provider, ...row });
    return 0;
  }
  const shorten = (ratios: string[]) =>
    ratios.length > 4 ? `${ratios.slice(0, 3).join(' ')} +${ratios.length - 3}` : ratios.join(' ') || '-';
  const lines = formatTable(
    ['MODEL', 'ENDPOINTS', 'INPUTS', 'RATIOS', 'SECONDS', 'PROMPT', 'PRICE'],
    table.rows.map((r) => [
      r.model,
      r.endpoints.join(','),
      r.inputs.join(','),
      shorten(r.ratios),
      r.durations,
      r.promptMax === null ? '-' : String(r.promptMax),
      r.price ?? '-',
    ]),
  );
  for (const line of lines) printLine(line);
  return 0;
}
