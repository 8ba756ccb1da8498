/**
 * Everything a batch decides before it spends anything: which lines are valid (the model table,
 * templates, output folders), which sessions they use, what the journal knows of each line from
 * earlier runs, and so which lines will be submitted.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { expandHome } from '../paths.js';
import { allProviders } from '../session/providers.js';
import type { SessionPool } from '../session/pool.js';
import type { ConfigStore } from '../session/config.js';
import { planGeneration } from '../generation/plan.js';
import { planRun } from '../run/plan.js';
import { buildRequest } from '../inputs/request-options.js';
import { dryRun, type CostTotal, type DryRun } from '../cost/dry-run.js';
import { readBalance, reportsBalance } from '../cost/balance.js';
import { checkTemplate } from '../download/naming.js';
import { checkOutDir } from '../download/out-dir.js';
import { inShard, type BatchJobSpec, type BatchProblem } from './input.js';
import { verdict, type BatchJob } from './run.js';
import { checkTaskInputs } from '../inputs/input-kind.js';
import type { Session } from '../session/session.js';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/3 (got "${text}").`);
  return { index, count };
}

export function invalidBatch(problems: readonly BatchProblem[], source: string): UsageError {
  const shown = problems.slice(0, 20).map((p) => `  ${source}:${p.line}: ${p.message}`);
  if (problems.length > 20) shown.push(`  … and ${problems.length - 20} more`);
  return new UsageError(`The batch has ${problems.length} invalid line(s); nothing was submitted:\n${shown.join('\n')}`, {
    hint: 'Fix them, or pass --skip-invalid to run the valid lines only.',
  });
}

export interface BatchSettings {
  provider?: string | undefined;
  baseUrl?: string | undefined;
  out?: string | undefined;
  output?: string | undefined;
  shard?: Shard | undefined;
  retryFailed: boolean;
  skipInvalid: boolean;
  /** Let a line's `out` be absolute or leave the run's output folder. */
  allowAnyOut?: boolean;
  /** Nothing will be sent: inputs are checked from the journal only. */
  dryRun?: boolean;
}

/**
 * Where a line's `out` points. A batch file is often written by someone else (or generated):
 * a relative `out` stays inside the run's output folder, and an absolute one or one that climbs
 * out of it is refused unless the user allowed it (--allow-any-out).
 */
export function lineOutDir(out: string | undefined, root: string, allowAnyOut: boolean): string {
  if (out === undefined) return root;
  const expanded = expandHome(out);
  if (allowAnyOut) return resolve(root, expanded);
  if (isAbsolute(expanded))
    throw new UsageError(
      `"out": ${out} is an absolute path; a line's out must stay inside the run's output folder ${root} (pass ` +
        `--allow-any-out to allow it).`,
    );
  const target = resolve(root, expanded);
  const inside = relative(root, target);
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new UsageError(`"out": ${out} leaves the run's output folder ${root} (pass --allow-any-out to allow it).`);
  return target;
}

/**
 * A valid line made ready to run: its session, its plan (the model table's checks), its output
 * folder and template. Throws a UsageError naming what is wrong with the line.
 */
export class JobPreparer {
  private readonly all;
  private readonly outDefault: string;
  private readonly templateDefault: string | undefined;
  private readonly checkedFolders = new Set<string>();

  constructor(
    private readonly settings: BatchSettings,
    private readonly sessions: SessionPool,
    config: ConfigStore,
  ) {
    this.all = allProviders(config.userProviders());
    this.outDefault = resolve(expandHome(settings.out ?? (config.setting('out-dir') as string | undefined) ?? process.cwd()));
    this.templateDefault = settings.output ?? (config.setting('output') as string | undefined);
  }

  selects(spec: BatchJobSpec): boolean {
    return !this.settings.shard || inShard(spec.key, this.settings.shard);
  }

  /** `checkFolder`: the folder is checked once, before anything is paid; runGeneration checks again right before each create. */
  async prepare(spec: BatchJobSpec, checkFolder: boolean): Promise<BatchJob> {
    const sameProvider = spec.provider === undefined || spec.provider === this.settings.provider;
    const session = await this.sessions.get(spec.provider ?? this.settings.provider, sameProvider ? this.settings.baseUrl : undefined);
    const plan = spec.run
      ? await planRun(session.provider, {
          endpoint: spec.run.endpoint,
          model: spec.run.model,
          input: spec.options.params as Record<string, unknown> | undefined,
          assignments: [],
          baseDir: spec.run.baseDir,
        })
      : await planGeneration(session.provider, spec.model, buildRequest(spec.options, spec.options.prompt as string | undefined), this.all);
    const template = spec.output ?? this.templateDefault;
    if (template !== undefined) checkTemplate(template);
    const outDir = lineOutDir(spec.out, this.outDefault, this.settings.allowAnyOut === true);
    if (checkFolder && !this.checkedFolders.has(outDir)) {
      await checkOutDir(outDir);
      this.checkedFolders.add(outDir);
    }
    return { spec, session, plan, outDir, template, previous: session.journal.latestForKey(spec.key) };
  }
}

/** A line's problem as one line of text. */
export function problemOf(spec: BatchJobSpec, error: UsageError): BatchProblem {
  return { line: spec.line, message: error.message.replace(/\n\s*/g, ' ') };
}

export interface PreparedBatch {
  /** The valid lines of this shard, each with its session, plan and earlier record. */
  jobs: BatchJob[];
  /** The lines this run will pay for. */
  toSubmit: BatchJob[];
  /** Lines left out (with --skip-invalid). */
  skipped: BatchProblem[];
}

/** Every line prepared and held: for a storyboard, whose shots are few and run in an order of their own. */
export async function prepareBatch(
  specs: readonly BatchJobSpec[],
  lineProblems: readonly BatchProblem[],
  source: string,
  settings: BatchSettings,
  sessions: SessionPool,
  config: ConfigStore,
): Promise<PreparedBatch> {
  const problems = [...lineProblems];
  const invalidLines = new Set(problems.map((p) => p.line));
  const preparer = new JobPreparer(settings, sessions, config);
  const jobs: BatchJob[] = [];
  for (const spec of specs) {
    if (invalidLines.has(spec.line) || !preparer.selects(spec)) continue;
    try {
      jobs.push(await preparer.prepare(spec, true));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(problemOf(spec, error));
    }
  }
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0 && !settings.skipInvalid) throw invalidBatch(problems, source);
  const toSubmit = jobs.filter((job) => verdict(job, { retryFailed: settings.retryFailed }) === 'submit');
  for (const job of toSubmit) await checkTaskInputs(job.session, job.plan, settings.dryRun !== true);
  return { jobs, toSubmit, skipped: problems };
}

export function previewsOf(jobs: readonly BatchJob[]): DryRun[] {
  return jobs.map((job) => dryRun(job.session, job.plan));
}

/**
 * A batch whose estimate is above the account's balance: jobs would start failing part-way when
 * the credits run out. Only advice: a balance that cannot be read never stops the batch.
 */
export async function balanceWarnings(costs: ReadonlyMap<Session, CostTotal>): Promise<string[]> {
  const warnings: string[] = [];
  for (const [session, total] of costs) {
    if (!reportsBalance(session) || total.amount === 0 || total.unit !== 'credits') continue;
    const balance = await readBalance(session, { maxRetries: 1 }).catch(() => undefined);
    if (balance && total.amount > balance.credits) {
      warnings.push(
        `these ${total.count} jobs are estimated at ${total.amount} credits, above ${session.name}'s balance of ` +
          `${balance.credits}; jobs will start failing when the credits run out (a re-run after topping up continues ` +
          `where this one stopped).`,
      );
    }
  }
  return warnings;
}
