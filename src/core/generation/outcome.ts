/**
 * What a generation command came to, as data: the terminal, --json, the MCP server and the
 * gallery are views of these. A failure after planning carries what it failed at, so a view can
 * say which task and model it was.
 */
import type { BudgetPreview } from '../cost/budget.js';
import type { CreatedJob } from '../tasks/create.js';
import type { TaskResult } from '../tasks/finish.js';
import type { BatchResult } from '../batch/run.js';
import type { JobIntent } from '../journal/fold.js';

/** The generation a failure belongs to: what the user asked, as planned. */
export type Planned = Pick<JobIntent, 'provider' | 'model' | 'prompt' | 'seed' | 'ratio' | 'duration'>;

export type GenerationOutcome =
  | { kind: 'preview'; preview: BudgetPreview }
  /** --no-wait: the task exists and is journaled; `runway watch` finishes it. */
  | { kind: 'created'; created: CreatedJob; planned: Planned }
  | { kind: 'saved'; result: TaskResult; intent: JobIntent }
  /** --then: every step in order, the last one's files what the user asked for. */
  | { kind: 'steps'; steps: number; results: BatchResult[] }
  | { kind: 'failed'; error: unknown; planned: Planned };
