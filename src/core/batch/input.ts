/**
 * Batch files (JSONL, or CSV with a header row) to job specs, pure: every line is checked for
 * unknown fields and wrong types here, with its line number; the model table checks come next.
 */
import { createHash } from 'node:crypto';
import { CsvError, CsvReader, type CsvRow } from './csv.js';
import { KeyLines } from './key-lines.js';
import { batchFields, coerce, kebab, typeOfExtra, type ExtraField } from './line-fields.js';
import { routerPrefix } from '../models/models.js';

export interface BatchJobSpec {
  /** 1-based line of the input where the job starts. */
  line: number;
  /** 1-based position among the jobs of the file. */
  index: number;
  id?: string | undefined;
  /** `id`, or a hash of the job's fields: the identity a re-run recognises. */
  key: string;
  provider?: string | undefined;
  model: string;
  /** A run of a task endpoint (`"run": "sound_effect"`): its fields are the line's params, its model the line's model. */
  run?: { endpoint: string; model?: string | undefined; baseDir: string } | undefined;
  out?: string | undefined;
  output?: string | undefined;
  /** Generate options, camelCase, paths already resolved. */
  options: Record<string, unknown>;
  /** How a step of a pipeline is named in progress ("upscale:4k", "extension 2"). */
  label?: string | undefined;
}

export type { ExtraField, FieldType } from './line-fields.js';

export interface BatchProblem {
  line: number;
  message: string;
}

/**
 * A job's identity: what it asks for (every field of its line but the id, canonically ordered),
 * and its id where it has one. A line whose prompt, model, inputs or settings change is a new job
 * (a storyboard whose shot ids repeat another's never takes that one's clips), and two lines with
 * one id are still two jobs if they ask for different things: the reader refuses those as duplicates.
 */
export function jobKey(fields: Record<string, unknown>, id?: string): string {
  const canonical = JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((k) => [k, fields[k]]),
  );
  const digest = createHash('sha256').update(canonical).digest('hex').slice(0, 16);
  return id === undefined ? `h:${digest}` : `id:${id}:${digest}`;
}

/** Deterministic slice (1-based i of n) by key: stable when lines are added or reordered. */
export function inShard(key: string, shard: { index: number; count: number }): boolean {
  const bucket = createHash('sha256').update(key).digest().readUInt32BE(0) % shard.count;
  return bucket === shard.index - 1;
}

function toSpec(
  raw: Record<string, unknown>,
  line: number,
  index: number,
  baseDir: string,
  extra: Readonly<Record<string, ExtraField>>,
): BatchJobSpec {
  const fields: Record<string, unknown> = {};
  for (const [rawName, value] of Object.entries(raw)) {
    const name = kebab(rawName.trim());
    const type = Object.hasOwn(batchFields, name) ? batchFields[name] : Object.hasOwn(extra, name) ? typeOfExtra(extra[name]) : undefined;
    if (!type) throw new Error(`unknown field "${rawName}" (fields: ${[...Object.keys(batchFields), ...Object.keys(extra)].join(', ')})`);
    const coerced = coerce(name, type, value, baseDir);
    if (coerced !== undefined) fields[name] = coerced;
  }
  if (typeof fields.model === 'string' && typeof fields.router === 'string')
    throw new Error('"router" picks the model itself: give "router" or "model", not both');
  const { id, provider, model, router, run, out, output, ...options } = fields;
  const identity = { ...fields };
  delete identity.id;
  for (const [name, field] of Object.entries(extra)) if (typeof field === 'object') delete identity[name];
  if (typeof run === 'string') {
    const other = Object.keys(options).find((k) => k !== 'params');
    if (other !== undefined || router !== undefined)
      throw new Error(`a "run" line takes its fields in "params" (got "${other ?? 'router'}")`);
  } else if (typeof model !== 'string' && typeof router !== 'string') throw new Error('"model" (or "router" or "run") is required');
  return {
    line,
    index,
    id: id as string | undefined,
    key: jobKey(identity, typeof id === 'string' ? id : undefined),
    provider: provider as string | undefined,
    model: typeof model === 'string' ? model : typeof run === 'string' ? run : `${routerPrefix}${router as string}`,
    ...(typeof run === 'string' ? { run: { endpoint: run, model: model as string | undefined, baseDir } } : {}),
    out: out as string | undefined,
    output: output as string | undefined,
    options,
  };
}

export type BatchFormat = 'jsonl' | 'csv';

export function detectFormat(text: string, name?: string): BatchFormat {
  if (name && /\.(jsonl|ndjson|json)$/i.test(name)) return 'jsonl';
  if (name && /\.csv$/i.test(name)) return 'csv';
  const first = text.split(/\r?\n/).find((l) => l.trim() && !l.trim().startsWith('#'));
  return first?.trim().startsWith('{') ? 'jsonl' : 'csv';
}

/**
 * A batch file read a line at a time: each line (JSONL) or row (CSV) becomes a job spec or a
 * problem with its line number, a job met twice is a problem on its later line, and nothing but
 * each job's key (for that check) is kept: a file of 100,000 jobs is never held whole.
 * `extra`: fields a particular kind of file adds to the batch fields (a storyboard's `continue`).
 */
export class BatchReader {
  /** Each job's key, and the line it is on. */
  readonly keys = new KeyLines();
  /** Each id, and the line it is on: an id names one job of the file. */
  private readonly ids = new KeyLines();
  private records = 0;
  private readonly csv: CsvReader | undefined;
  private header: string[] | undefined;

  /** `duplicates: false`: a file read again, whose duplicates were found the first time (their keys are not kept twice). */
  constructor(
    format: BatchFormat,
    private readonly baseDir: string,
    private readonly extra: Readonly<Record<string, ExtraField>> = {},
    private readonly duplicates = true,
  ) {
    this.csv = format === 'csv' ? new CsvReader() : undefined;
  }

  /** One line of the input without its newline (a CSV row may span several); `line` is 1-based. */
  line(text: string, line: number): (BatchJobSpec | BatchProblem)[] {
    if (!this.csv) {
      const trimmed = text.trim();
      if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('//')) return [];
      return [this.job(() => jsonObject(trimmed), line)];
    }
    try {
      return this.csv.push(`${text}\n`).flatMap((row) => this.row(row));
    } catch (error) {
      return [this.csvProblem(error)];
    }
  }

  /** What the end of the input completes or reveals (an unclosed quote, a CSV without a header). */
  end(): (BatchJobSpec | BatchProblem)[] {
    if (!this.csv) return [];
    try {
      const rows = this.csv.end().flatMap((row) => this.row(row));
      return this.header ? rows : [{ line: 1, message: 'the CSV file is empty (it needs a header row)' }];
    } catch (error) {
      return [this.csvProblem(error)];
    }
  }

  private csvProblem(error: unknown): BatchProblem {
    return { line: error instanceof CsvError ? error.line : 1, message: (error as Error).message };
  }

  private row(row: CsvRow): (BatchJobSpec | BatchProblem)[] {
    if (!this.header) {
      this.header = row.cells.map((c) => c.trim());
      return [];
    }
    const names = this.header;
    return [
      this.job(() => {
        if (row.cells.length > names.length) throw new Error(`has ${row.cells.length} cells but the header has ${names.length} columns`);
        return Object.fromEntries(names.map((name, i) => [name, row.cells[i] ?? '']));
      }, row.line),
    ];
  }

  private job(raw: () => Record<string, unknown>, line: number): BatchJobSpec | BatchProblem {
    let spec: BatchJobSpec;
    try {
      spec = toSpec(raw(), line, ++this.records, this.baseDir, this.extra);
    } catch (error) {
      return { line, message: (error as Error).message };
    }
    if (!this.duplicates) return spec;
    const earlierId = spec.id === undefined ? undefined : this.ids.get(`id:${spec.id}`);
    if (earlierId !== undefined) return { line, message: `duplicate id "${spec.id}" (also on line ${earlierId})` };
    const earlier = this.keys.get(spec.key);
    if (earlier !== undefined) return { line, message: `the same job as line ${earlier}; give one of them an "id"` };
    this.keys.set(spec.key, line);
    if (spec.id !== undefined) this.ids.set(`id:${spec.id}`, line);
    return spec;
  }
}

export const isProblem = (item: BatchJobSpec | BatchProblem): item is BatchProblem => 'message' in item;

function jsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('each line must be a JSON object');
  return value as Record<string, unknown>;
}

/** A whole batch file already in memory (a storyboard, a few shots). */
export function parseBatch(
  text: string,
  format: BatchFormat,
  baseDir: string,
  extra: Readonly<Record<string, ExtraField>> = {},
): { jobs: BatchJobSpec[]; problems: BatchProblem[] } {
  const reader = new BatchReader(format, baseDir, extra);
  const items = text.split('\n').flatMap((line, i) => reader.line(line, i + 1));
  items.push(...reader.end());
  return { jobs: items.filter((item): item is BatchJobSpec => !isProblem(item)), problems: items.filter(isProblem) };
}
