/**
 * A batch file read as often as a run needs it (a check pass, then a run pass) without holding
 * it: a path is opened and read a slice at a time on each pass; stdin, which cannot be read
 * twice, is the one input kept as text.
 */
import { createReadStream } from 'node:fs';
import { UsageError } from '../errors.js';
import { fsReason } from '../files/fs-reason.js';
import type { BatchJobSpec, BatchProblem, BatchReader } from './input.js';

export type BatchSource = { path: string } | { text: string };

async function* chunks(source: BatchSource): AsyncGenerator<string> {
  if ('text' in source) {
    yield source.text;
    return;
  }
  try {
    // 1 MiB slices: a few hundred thousand lines cost a few dozen reads.
    yield* createReadStream(source.path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>;
  } catch (error) {
    throw new UsageError(`The batch file ${source.path} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
  }
}

/** The jobs and problems of the input, in order, as `reader` makes them of each line. */
export async function* readJobs(source: BatchSource, reader: BatchReader): AsyncGenerator<BatchJobSpec | BatchProblem> {
  let carry = '';
  let line = 0;
  for await (const chunk of chunks(source)) {
    const text = carry + chunk;
    let from = 0;
    for (let newline; (newline = text.indexOf('\n', from)) >= 0; from = newline + 1) yield* reader.line(text.slice(from, newline), ++line);
    carry = text.slice(from);
  }
  if (carry !== '') yield* reader.line(carry, line + 1);
  yield* reader.end();
}

/**
 * The start of a batch file, enough to tell its format and whether it has anything in it: the
 * first 64 KiB, read on while they are only blank.
 */
export async function readHead(path: string): Promise<string> {
  let head = '';
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 }) as AsyncIterable<string>) {
      head += chunk;
      if (head.trim()) break;
      head = head.slice(-1);
    }
  } catch (error) {
    throw new UsageError(`The batch file ${path} cannot be read: ${fsReason(error) ?? (error as Error).message}.`);
  }
  return head;
}
