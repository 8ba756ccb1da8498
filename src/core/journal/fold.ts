/** Journal record types and the pure fold from records to one state per job. */
import type { ProtocolId, TaskState } from '../../providers/types.js';

/**
 * The settings a clip is made from, once every default is filled in (a seed drawn, the model's
 * first ratio, its default length): declared once, carried by plans, journal records and results.
 */
export interface Settled {
  prompt?: string | undefined;
  ratio?: string | undefined;
  /** Seconds of output, where known. */
  duration?: number | undefined;
  seed?: number | undefined;
}

export interface JobIntent extends Settled {
  provider: string;
  baseUrl: string;
  protocol: ProtocolId;
  model: string;
  /** How the user named each input (paths and URLs, never file contents). */
  inputs: Record<string, string>;
  extras?: Record<string, unknown>;
  extendTaskId?: string | undefined;
  outDir: string;
  template?: string | undefined;
  command: string[];
  /** Batch job identity, for resumable batches. */
  batchKey?: string | undefined;
  batchIndex?: number | undefined;
  /** `runway watch <id>` of a task this journal did not create. */
  adopted?: boolean;
  /** Outputs that are not (only) mp4: images, or a type their bytes tell (HDR, ProRes, sequences). */
  artifact?: 'image' | 'media' | undefined;
  /** A run of a task endpoint (`runway run`, sound, speak…): which endpoint, and its body with media as named. */
  endpoint?: string | undefined;
  fields?: Record<string, unknown> | undefined;
}

export interface PlannedOutput {
  url: string;
  bytes?: number | undefined;
  file: string;
}

export type JournalEntry =
  | { type: 'intent'; job: string; at: string; intent: JobIntent; taskId?: string }
  /** `estimate`: the most the task may charge, where the create's answer says (today's official API). */
  | { type: 'created'; job: string; at: string; taskId: string; estimate?: number | undefined; model?: string | undefined }
  | { type: 'create-failed'; job: string; at: string; ambiguous: boolean; message: string }
  | { type: 'state'; job: string; at: string; state: TaskState; progress?: number | undefined }
  | { type: 'succeeded'; job: string; at: string; outputs: PlannedOutput[]; credits?: number | undefined }
  | {
      type: 'failed';
      job: string;
      at: string;
      state: 'failed' | 'cancelled';
      message: string;
      code?: string | undefined;
      moderation: boolean;
      credits?: number | undefined;
    }
  | { type: 'downloaded'; job: string; at: string; index: number; file: string; bytes: number; sha256: string }
  | { type: 'download-failed'; job: string; at: string; index: number; message: string };

/**
 * unknown: a create was attempted and we cannot tell whether a task exists.
 * not-created: the create certainly failed. downloaded: every output is saved.
 */
export type JobPhase = 'unknown' | 'not-created' | 'pending' | 'running' | 'succeeded' | 'downloaded' | 'failed' | 'cancelled';

export interface SavedFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface JobRecord {
  job: string;
  createdAt: string;
  updatedAt: string;
  intent: JobIntent;
  taskId?: string | undefined;
  phase: JobPhase;
  progress?: number | undefined;
  outputs: (PlannedOutput & { saved?: SavedFile })[];
  failure?: { message: string; code?: string | undefined; moderation: boolean; state: 'failed' | 'cancelled' } | undefined;
  createError?: string | undefined;
  downloadError?: string | undefined;
  /** Credits the provider says it charged, when it says (official API). */
  credits?: number | undefined;
  /** The most it may charge, as the create's answer said. */
  estimate?: number | undefined;
}

/** Jobs that `watch --pending` should finish: a task exists and its files are not all saved. */
export function isUnfinished(job: JobRecord): boolean {
  return job.taskId !== undefined && (job.phase === 'pending' || job.phase === 'running' || job.phase === 'succeeded');
}

/**
 * The fold, one record at a time: the whole journal (list, watch --pending, export, prune), or
 * one job's records read back through the index (job-index.ts). Copy-on-write: a record handed
 * out earlier never changes under its holder.
 */
export class JournalFold {
  private readonly jobs = new Map<string, JobRecord>();
  // The jobs of one batch share their command line, provider, folder…: kept once, not per job.
  private readonly shared = new Map<string, unknown>();

  /** One instance of each value batch jobs repeat; at most a few thousand distinct ones are kept. */
  private once<T>(key: string, value: T): T {
    const known = this.shared.get(key);
    if (known !== undefined) return known as T;
    if (this.shared.size < 4096) this.shared.set(key, value);
    return value;
  }

  private compact(intent: JobIntent): JobIntent {
    const text = (value: string | undefined) => (value === undefined ? undefined : this.once(`s:${value}`, value));
    return {
      ...intent,
      provider: text(intent.provider) as string,
      baseUrl: text(intent.baseUrl) as string,
      model: text(intent.model) as string,
      outDir: text(intent.outDir) as string,
      command: this.once(`c:${intent.command.join('\0')}`, intent.command),
      ...(intent.template !== undefined ? { template: text(intent.template) } : {}),
    };
  }

  apply(entry: JournalEntry): void {
    if (entry.type === 'intent') {
      this.jobs.set(entry.job, {
        job: entry.job,
        createdAt: entry.at,
        updatedAt: entry.at,
        intent: this.compact(entry.intent),
        taskId: entry.taskId,
        phase: entry.taskId ? 'pending' : 'unknown',
        outputs: [],
      });
      return;
    }
    const before = this.jobs.get(entry.job);
    if (!before) return;
    const job: JobRecord = { ...before, updatedAt: entry.at };
    switch (entry.type) {
      case 'created':
        job.taskId = entry.taskId;
        job.phase = 'pending';
        job.estimate = entry.estimate ?? job.estimate;
        // A Model Router said which model it chose: the job is that model's from now on (names, prices, spend).
        if (entry.model !== undefined) job.intent = { ...job.intent, model: entry.model };
        break;
      case 'create-failed':
        job.phase = entry.ambiguous ? 'unknown' : 'not-created';
        job.createError = entry.message;
        break;
      case 'state':
        if (job.phase === 'pending' || job.phase === 'running') job.phase = entry.state === 'running' ? 'running' : 'pending';
        job.progress = entry.progress;
        break;
      case 'succeeded':
        job.phase = 'succeeded';
        job.progress = 1;
        job.outputs = entry.outputs.map((o, i) => ({ ...o, saved: job.outputs[i]?.saved }));
        job.credits = entry.credits ?? job.credits;
        break;
      case 'failed':
        job.phase = entry.state;
        job.failure = { message: entry.message, code: entry.code, moderation: entry.moderation, state: entry.state };
        job.credits = entry.credits ?? job.credits;
        break;
      case 'downloaded': {
        if (job.outputs[entry.index]) {
          const saved = { file: entry.file, bytes: entry.bytes, sha256: entry.sha256 };
          job.outputs = job.outputs.map((o, i) => (i === entry.index ? { ...o, saved } : o));
        }
        job.downloadError = undefined;
        if (job.outputs.length > 0 && job.outputs.every((o) => o.saved)) job.phase = 'downloaded';
        break;
      }
      case 'download-failed':
        job.downloadError = entry.message;
        break;
    }
    this.jobs.set(entry.job, job);
  }

  get(job: string): JobRecord | undefined {
    return this.jobs.get(job);
  }

  /** All jobs, newest first. */
  records(): JobRecord[] {
    // Reversed first so that jobs created in the same millisecond also come out newest first.
    return [...this.jobs.values()].reverse().sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }
}

export function foldJournal(entries: Iterable<JournalEntry>): JobRecord[] {
  const fold = new JournalFold();
  for (const entry of entries) fold.apply(entry);
  return fold.records();
}
