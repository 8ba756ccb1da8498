/** What was spent: a total and a table by group on the terminal, or one JSON object. */
import { printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { SpendOutcome } from '../../core/cost/spend.js';

export interface SpendView extends SpendOutcome {
  /** The organization's own usage, where asked for (--org). */
  organization?: { provider: string; credits: number; models: Record<string, number> } | undefined;
}

export function renderSpend(spend: SpendView, json: boolean): number {
  if (json) {
    printJson(spend);
    return 0;
  }
  const since = spend.since ? ` since ${spend.since.slice(0, 10)}` : '';
  const pending = spend.estimated > 0 ? `; up to ${spend.estimated} more estimated for tasks not settled yet` : '';
  printLine(`${spend.total} credits charged for ${spend.tasks} task(s)${since}${pending}.`);
  if (spend.unpriced > 0) printLine(`${spend.unpriced} task(s) on providers that do not say what they charge are not counted.`);
  if (spend.by && spend.groups.length > 0) {
    const rows = spend.groups.map((g) => [g.key, String(g.tasks), String(g.credits), g.estimated > 0 ? String(g.estimated) : '-']);
    for (const line of formatTable([spend.by.toUpperCase(), 'TASKS', 'CHARGED', 'ESTIMATED'], rows)) printLine(line);
  }
  if (spend.organization)
    printLine(
      `${spend.organization.provider} reports ${spend.organization.credits} credits used by the organization${since} (every key, every tool).`,
    );
  return 0;
}
