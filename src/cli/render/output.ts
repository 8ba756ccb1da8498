/**
 * Results on stdout: by default only the saved file paths, one per line (so `f=$(runway gen4 …)`
 * works); with --json one object per task with stable field names (documented in the README).
 */
import { once } from 'node:events';
import { relative, isAbsolute } from 'node:path';
import { redactValue } from '../../core/redact.js';
import { show } from './terminal.js';
import type { TaskResult } from '../../core/tasks/finish.js';
import type { Settled } from '../../core/journal/fold.js';

/** Every field present, `null` where there is no value: JSON consumers need not test for missing keys. */
type Nulled<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null };

/** A task as `--json` prints it (stable field names, documented in the README). */
export type TaskJson = {
  taskId: string;
  provider: string;
  model: string;
  status: string;
  outputs: { url: string; file: string | null; bytes: number | null; sha256?: string }[];
  credits: number | null;
  error?: { code: number; message: string; failureCode?: string };
} & Nulled<Settled>;

/** A path relative to the working directory when it is inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** A result line on stdout, made inert like every line for a person. */
export function printLine(text: string): void {
  show(text);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(redactValue(value))}\n`);
}

/** A large result written to stdout a piece at a time, at the pace the reader takes it. */
export async function printPieces(pieces: Iterable<string>): Promise<void> {
  const out = process.stdout;
  for (const piece of pieces) {
    // A reader that stopped early (`| head`) closed the pipe: the rest is not wanted.
    if (out.destroyed) return;
    if (!out.write(piece)) await once(out, 'drain').catch(() => undefined);
  }
}

export function taskJson(result: TaskResult): TaskJson {
  return {
    taskId: result.taskId,
    provider: result.provider,
    model: result.model,
    status: result.status,
    outputs: result.outputs.map((o) => ({ url: o.url, file: displayPath(o.file), bytes: o.bytes, sha256: o.sha256 })),
    prompt: result.prompt ?? null,
    seed: result.seed ?? null,
    ratio: result.ratio ?? null,
    duration: result.duration ?? null,
    credits: result.credits ?? null,
  };
}

export function printResult(result: TaskResult, json: boolean): void {
  if (json) printJson(taskJson(result));
  else for (const output of result.outputs) printLine(displayPath(output.file));
}
