/**
 * `runway spend`: what was spent, from the journal — each task's settled cost where the provider
 * said it (exact), its create's estimate where it has not settled (marked as such) — in all and
 * grouped by model, day, batch or provider. With the official API, the organization's own usage
 * for the same days, to compare.
 */
import { UsageError } from '../errors.js';
import { callProvider } from '../session/provider-call.js';
import type { JobRecord } from '../journal/fold.js';
import type { Journal } from '../journal/journal.js';
import type { Session } from '../session/session.js';

export const spendGroupings = ['model', 'day', 'batch', 'provider'] as const;
export type SpendGrouping = (typeof spendGroupings)[number];

export interface SpendAsk {
  since?: Date | undefined;
  by?: SpendGrouping | undefined;
}

export interface SpendLine {
  /** Credits the provider charged (settled tasks). */
  credits: number;
  /** Credits estimated for tasks not settled yet: the most they may charge. */
  estimated: number;
  tasks: number;
}

export interface SpendOutcome extends SpendLine {
  /** What `total` is: the settled charges. */
  total: number;
  since: string | null;
  by: SpendGrouping | null;
  /** Per group (model, day, batch or provider), when asked for; most spent first. */
  groups: ({ key: string } & SpendLine)[];
  /** Tasks whose cost no one said (gateways without costs). */
  unpriced: number;
}

function groupOf(job: JobRecord, by: SpendGrouping): string {
  switch (by) {
    case 'model':
      return job.intent.model;
    case 'provider':
      return job.intent.provider;
    case 'day':
      return job.createdAt.slice(0, 10);
    case 'batch': {
      const [command, file] = job.intent.command;
      return (command === 'batch' || command === 'story') && file !== undefined ? `${command} ${file}` : '(not a batch)';
    }
  }
}

export function spendOf(journal: Journal, ask: SpendAsk): SpendOutcome {
  const outcome: SpendOutcome = {
    total: 0,
    credits: 0,
    estimated: 0,
    tasks: 0,
    unpriced: 0,
    since: ask.since?.toISOString() ?? null,
    by: ask.by ?? null,
    groups: [],
  };
  const groups = new Map<string, SpendLine>();
  for (const job of journal.jobs()) {
    if (job.taskId === undefined || (ask.since && new Date(job.createdAt) < ask.since)) continue;
    const settled = job.credits;
    const estimate = settled === undefined ? job.estimate : undefined;
    if (settled === undefined && estimate === undefined) outcome.unpriced++;
    const line = { credits: settled ?? 0, estimated: estimate ?? 0, tasks: 1 };
    add(outcome, line);
    if (ask.by) {
      const key = groupOf(job, ask.by);
      add(groups.get(key) ?? groups.set(key, { credits: 0, estimated: 0, tasks: 0 }).get(key)!, line);
    }
  }
  outcome.total = outcome.credits;
  outcome.groups = [...groups.entries()]
    .map(([key, line]) => ({ key, ...line }))
    .sort((a, b) => b.credits + b.estimated - (a.credits + a.estimated));
  return outcome;
}

function add(to: SpendLine, line: SpendLine): void {
  to.credits = round(to.credits + line.credits);
  to.estimated = round(to.estimated + line.estimated);
  to.tasks += line.tasks;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The organization's usage as the official API reports it (its usage report), per model. */
export async function organizationUsage(
  session: Session,
  since: Date | undefined,
): Promise<{ provider: string; credits: number; models: Record<string, number> }> {
  const usage = session.provider.adapter.usage;
  if (!usage || !session.provider.preset.features.officialCatalog) {
    throw new UsageError(`${session.name} does not report an organization's usage; --org needs the official API.`);
  }
  const models = await callProvider(session, usage.build(since?.toISOString().slice(0, 10)), {
    kind: 'idempotent',
    purpose: 'read usage',
    parse: (data) => usage.parse(data),
  });
  return { provider: session.name, credits: round(Object.values(models).reduce((a, b) => a + b, 0)), models };
}
