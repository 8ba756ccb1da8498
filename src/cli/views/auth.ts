/** Keys: what was stored or removed, and where each provider gets its key (masked). */
import { printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import { say } from '../render/terminal.js';
import type { KeySource, KeyStored } from '../../core/session/auth.js';

export function renderStored(stored: KeyStored): number {
  if (stored.doubt) say(`runway: warning: ${stored.doubt}; stored anyway.`);
  say(`runway: stored the key for ${stored.provider} (${stored.masked}) in ${stored.where}`);
  return 0;
}

export function renderRemoved(outcome: { provider: string; removed: boolean }): number {
  say(outcome.removed ? `runway: removed the stored key for ${outcome.provider}` : `runway: no stored key for ${outcome.provider}`);
  return 0;
}

export function renderKeySources(rows: KeySource[], json: boolean): number {
  if (json) {
    printJson(rows);
    return 0;
  }
  const table = formatTable(
    ['PROVIDER', 'SOURCE', 'KEY'],
    rows.map((row) => [row.provider, row.source ?? 'none', row.key ?? '-']),
  );
  for (const line of table) printLine(line);
  return 0;
}
