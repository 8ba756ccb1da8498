/** `runway models [--provider p] [--json]`: every model a provider serves, from its catalog. */
import { ConfigStore } from '../../core/session/config.js';
import { stateDirs } from '../../core/paths.js';
import { findProvider } from '../../core/session/providers.js';
import { modelRows } from '../../core/models/model-list.js';
import { printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { HandlerContext } from '../handler.js';

export async function run({ options }: HandlerContext): Promise<number> {
  const config = new ConfigStore(stateDirs().config);
  const name = (options.provider as string | undefined) ?? (config.setting('default-provider') as string | undefined) ?? 'runwayml';
  const preset = findProvider(name, config.userProviders());
  const rows = modelRows(preset);
  if (options.json) {
    for (const row of rows) printJson({ provider: preset.name, ...row });
    return 0;
  }
  const shorten = (ratios: string[]) =>
    ratios.length > 4 ? `${ratios.slice(0, 3).join(' ')} +${ratios.length - 3}` : ratios.join(' ') || '-';
  const table = formatTable(
    ['MODEL', 'ENDPOINTS', 'INPUTS', 'RATIOS', 'SECONDS', 'PROMPT', 'PRICE'],
    rows.map((r) => [
      r.model,
      r.endpoints.join(','),
      r.inputs.join(','),
      shorten(r.ratios),
      r.durations,
      r.promptMax === null ? '-' : String(r.promptMax),
      r.price ?? '-',
    ]),
  );
  for (const line of table) printLine(line);
  return 0;
}
