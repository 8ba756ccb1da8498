/**
 * Simulated tasks: PENDING → RUNNING (progress rising) → SUCCEEDED on the simulator's clock,
 * or FAILED when the prompt carries a marker. Optionally persisted (one file per task), so the
 * in-process simulator of one `runway` run can answer the next run about the same task.
 */
import { randomUUID, createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../core/files/make-dirs.js';

export type Outcome = 'succeed' | 'moderation' | 'fail';

export interface SimTask {
  id: string;
  flavor: string;
  createdAt: number;
  queueMs: number;
  runMs: number;
  outcome: Outcome;
  /** A generic failure's text, when the prompt chose one ([sim:fail=NAME]). */
  failureText?: string;
  /** What the task makes: a video (default), images (text_to_image, recipes) or audio (speech, sound). */
  output?: 'video' | 'image' | 'audio';
  /** How many outputs, where not one (four campaign images, outputCount). */
  outputCount?: number;
  /** Each output's kind, where they differ (a workflow's clip and poster). */
  outputKinds?: ('video' | 'image' | 'audio')[];
  /** The audio's container, as the body asked (outputFormat); WAV by default. */
  audioFormat?: 'wav' | 'mp3' | 'ogg';
  throttled: boolean;
  cancelledAt?: number;
  deleted?: boolean;
  prompt: string;
  model: string;
  /** Web-tasks: the taskType answered (europa comes back as gen3a). */
  taskType?: string;
  duration: number;
  ratio?: string;
  body: unknown;
  name?: string;
  artifactBytes: number;
  /** A size to announce instead of the real one (web-tasks fileSize), to rehearse a lying provider. */
  announcedBytes?: number;
  polls: number;
  firstByteAt?: number;
  /** Credits: what the task may charge while live (its estimate), and charges once it succeeds; failed and cancelled ones are refunded. */
  cost?: number;
}

export interface TaskView {
  state: 'PENDING' | 'THROTTLED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  progress?: number;
  /** Seconds until a queued task starts. */
  startsIn?: number;
  completedAt?: number;
}

/**
 * Prompt markers (documented in the README):
 *   [sim:moderation]  fail with a content-moderation failure
 *   [sim:fail]        fail with a generic failure
 *   [sim:fail=NAME]   fail with a named failure text (see failureTexts): worker-cancel, hostile
 *   [sim:throttle]    report THROTTLED instead of PENDING while queued
 *   [sim:seconds=N]   run for N seconds (simulator time) instead of the default
 *   [sim:queue=N]     stay queued for N seconds
 *   [sim:size=N]      artifact size in bytes (suffixes k, m, g allowed)
 *   [sim:announce-size=N]  announce N bytes as the artifact's fileSize (web-tasks), whatever it is
 *   [sim:refuse=msg]  pro/feed: refuse the create with HTTP 200 and {code: 400, msg}
 */
/**
 * Failure texts real services have sent: one that speaks of cancelling though the task failed,
 * and one carrying terminal escape sequences (a window-title OSC and colour CSIs).
 */
export const failureTexts: Record<string, string> = {
  'worker-cancel': 'upstream request cancelled by worker',
  hostile: '\u001b]0;PWNED\u0007\u001b[31mupstream exploded\u001b[0m\u001b[2J',
};

export interface Markers {
  failureText?: string;
  outcome: Outcome;
  throttled: boolean;
  runMs?: number;
  queueMs?: number;
  artifactBytes?: number;
  announcedBytes?: number;
}

const sizeUnits: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function parseMarkers(prompt: string): Markers {
  const lower = prompt.toLowerCase();
  const number = (name: string) => {
    const m = new RegExp(`\\[sim:${name}=(\\d+(?:\\.\\d+)?)\\]`).exec(lower);
    return m ? Number(m[1]) : undefined;
  };
  const size = /\[sim:size=(\d+)([kmg]?)\]/.exec(lower);
  const announced = number('announce-size');
  const seconds = number('seconds');
  const queue = number('queue');
  const named = /\[sim:fail=([a-z-]+)\]/.exec(lower)?.[1];
  const failureText = named === undefined ? undefined : failureTexts[named];
  return {
    outcome: lower.includes('[sim:moderation]') ? 'moderation' : /\[sim:fail(=[a-z-]+)?\]/.test(lower) ? 'fail' : 'succeed',
    ...(failureText !== undefined ? { failureText } : {}),
    throttled: lower.includes('[sim:throttle]'),
    ...(seconds !== undefined ? { runMs: seconds * 1000 } : {}),
    ...(queue !== undefined ? { queueMs: queue * 1000 } : {}),
    ...(size ? { artifactBytes: Number(size[1]) * (sizeUnits[size[2] ?? ''] ?? 1) } : {}),
    ...(announced !== undefined ? { announcedBytes: announced } : {}),
  };
}

/** Deterministic per-task wobble, so progress looks organic but tests stay repeatable. */
function wobble(id: string): number {
  return createHash('sha1').update(id).digest().readUInt16BE(0) / 65535;
}

/** Progress as real services report it: roughly linear, a little uneven, in whole percents. */
export function progressAt(task: SimTask, runningMs: number): number {
  const u = Math.min(1, Math.max(0, runningMs / task.runMs));
  const phase = wobble(task.id) * Math.PI * 2;
  const p = u + 0.025 * Math.sin(u * Math.PI * 3 + phase) * u * (1 - u) * 4;
  return Math.min(0.99, Math.max(0, Math.floor(p * 100) / 100));
}

export function viewAt(task: SimTask, now: number): TaskView {
  const elapsed = now - task.createdAt;
  if (task.cancelledAt !== undefined && task.cancelledAt <= now) {
    const done = task.createdAt + task.queueMs + task.runMs;
    if (task.cancelledAt < done) return { state: 'CANCELLED' };
  }
  if (elapsed < task.queueMs) {
    return { state: task.throttled ? 'THROTTLED' : 'PENDING', startsIn: Math.max(0, (task.queueMs - elapsed) / 1000) };
  }
  if (elapsed < task.queueMs + task.runMs) return { state: 'RUNNING', progress: progressAt(task, elapsed - task.queueMs) };
  const completedAt = task.createdAt + task.queueMs + task.runMs;
  return { state: task.outcome === 'succeed' ? 'SUCCEEDED' : 'FAILED', completedAt };
}

export interface TaskDefaults {
  queueMs: number;
  runMs: number;
  artifactBytes: number;
}

/** Like real presigned links (valid 24–48 h), a persisted task is of no use after a week. */
export const keepPersistedMs = 7 * 24 * 3600 * 1000;

function forgetOldTasks(dir: string, before: number): void {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    try {
      if (statSync(file).mtimeMs < before) unlinkSync(file);
    } catch {
      // another run removed it first
    }
  }
}

export class TaskStore {
  private readonly tasks = new Map<string, SimTask>();

  constructor(
    private readonly defaults: TaskDefaults,
    private readonly persistDir?: string,
  ) {
    if (persistDir) {
      makeDirs(persistDir, 0o700);
      forgetOldTasks(persistDir, Date.now() - keepPersistedMs);
    }
  }

  create(fields: {
    flavor: string;
    prompt: string;
    model: string;
    duration: number;
    ratio?: string;
    body: unknown;
    now: number;
    taskType?: string;
    name?: string;
    output?: 'video' | 'image' | 'audio';
    outputCount?: number;
    outputKinds?: ('video' | 'image' | 'audio')[];
    audioFormat?: 'wav' | 'mp3' | 'ogg';
    cost?: number;
  }): SimTask {
    const { now, ...rest } = fields;
    const markers = parseMarkers(fields.prompt);
    const task: SimTask = {
      id: randomUUID(),
      ...rest,
      createdAt: now,
      queueMs: markers.queueMs ?? this.defaults.queueMs,
      runMs: Math.max(1, markers.runMs ?? this.defaults.runMs),
      outcome: markers.outcome,
      ...(markers.failureText !== undefined ? { failureText: markers.failureText } : {}),
      throttled: markers.throttled,
      artifactBytes: markers.artifactBytes ?? this.defaults.artifactBytes,
      ...(markers.announcedBytes !== undefined ? { announcedBytes: markers.announcedBytes } : {}),
      polls: 0,
    };
    this.tasks.set(task.id, task);
    this.save(task);
    return task;
  }

  get(id: string): SimTask | undefined {
    let task = this.tasks.get(id);
    if (!task && this.persistDir && /^[0-9a-f-]{36}$/.test(id)) {
      try {
        task = JSON.parse(readFileSync(join(this.persistDir, `${id}.json`), 'utf8')) as SimTask;
        this.tasks.set(id, task);
      } catch {
        return undefined;
      }
    }
    return task?.deleted ? undefined : task;
  }

  save(task: SimTask): void {
    if (!this.persistDir) return;
    const file = join(this.persistDir, `${task.id}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(task), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  all(): SimTask[] {
    return [...this.tasks.values()];
  }
}
