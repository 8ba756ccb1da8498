/**
 * A task endpoint's body built from what people type: `field=value` pairs (dotted paths for
 * nested fields) typed by the catalog (a number where the field is a number, JSON where it is an
 * object or a list), and shorthands for objects (`voice=Maya` is the preset voice Maya,
 * `voice=./me.wav` a reference voice, `firstFrame=./p.png` the object holding that URI). Pure:
 * what a value points at (a file of which kind) is asked of the caller.
 */
import type { CatalogEndpoint, CatalogField, CatalogModel } from '../catalog/types.js';
import { describeShapes } from '../catalog/check.js';

/** One value for one field: from --param (raw text to type), a flag, --input or a batch line (JSON as given). */
export interface Assignment {
  path: string[];
  value: unknown;
  /** Text typed on a command line: typed here by the field it lands in. */
  raw: boolean;
  /** How the user set it, for messages: `--param voice`, `--to`. */
  flag: string;
}

/** What a shorthand value points at: a media file of a kind, media elsewhere (a URL…), or not media. */
export type MediaGuess = 'image' | 'video' | 'audio' | 'remote' | undefined;

export type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields of a body's variant, or of every variant while the key is not set yet. */
export function variantFields(endpoint: CatalogEndpoint, body: Body): CatalogField[] {
  const chosen = endpoint.key === undefined ? endpoint.variants[0] : endpoint.variants.find((v) => v.id === body[endpoint.key as string]);
  if (chosen) return chosen.fields;
  const all = new Map<string, CatalogField>();
  for (const variant of endpoint.variants) for (const field of variant.fields) if (!all.has(field.name)) all.set(field.name, field);
  return [...all.values()];
}

/** The key field itself (model, mode), typed as a choice of the variants. */
function keyField(endpoint: CatalogEndpoint): CatalogField | undefined {
  return endpoint.key === undefined
    ? undefined
    : { name: endpoint.key, required: true, types: [], choices: endpoint.variants.map((v) => v.id) };
}

/** Required fields with one literal value (`type: runway-preset`) are filled in: there is nothing to choose. */
function fixedFields(fields: readonly CatalogField[]): Body {
  const fixed: Body = {};
  for (const f of fields) if (f.required && f.types.length === 0 && f.choices?.length === 1) fixed[f.name] = f.choices[0];
  return fixed;
}

function jsonValue(text: string, flag: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `${flag}: the JSON does not parse: ${(error as Error).message}.` };
  }
}

/** A shape whose one remaining required field takes this value: a listed choice, then media, then free text. */
function shapeFor(shapes: readonly CatalogModel[], value: string, guess: MediaGuess): { shape: CatalogModel; field: string } | undefined {
  const open = (shape: CatalogModel) => shape.fields.filter((f) => f.required && !(f.types.length === 0 && f.choices?.length === 1));
  const byChoice = shapes.find((s) => open(s).some((f) => f.choices?.includes(value)));
  if (byChoice) return { shape: byChoice, field: (open(byChoice).find((f) => f.choices?.includes(value)) as CatalogField).name };
  const single = (shape: CatalogModel) => (open(shape).length === 1 ? (open(shape)[0] as CatalogField) : undefined);
  if (guess !== undefined) {
    const media = shapes.filter((s) => single(s)?.media !== undefined);
    const shape = media.find((s) => single(s)?.media === guess) ?? media[0];
    if (shape) return { shape, field: (single(shape) as CatalogField).name };
  }
  const text = shapes.find((s) => {
    const f = single(s);
    return f !== undefined && f.media === undefined && f.types.includes('string');
  });
  return text ? { shape: text, field: (single(text) as CatalogField).name } : undefined;
}

/** An object given as one word or path: which shape it is and where the value goes. */
function shorthand(field: CatalogField, value: string, guess: MediaGuess, flag: string): { value: unknown } | { problem: string } {
  if (field.oneOf) {
    const { key, variants } = field.oneOf;
    const found = shapeFor(variants, value, guess);
    if (!found) return { problem: `${flag} "${value}" is not a value of ${field.name}: ${describeShapes(field.oneOf)}.` };
    return { value: { [key]: found.shape.id, ...fixedFields(found.shape.fields), [found.field]: value } };
  }
  const found = field.fields ? shapeFor([{ id: '', fields: field.fields }], value, guess) : undefined;
  if (!found || !field.fields) {
    const required = (field.fields ?? []).filter((f) => f.required).map((f) => f.name);
    return { problem: `${flag}: ${field.name} is an object (${required.join(', ') || 'fields'}); give it as JSON, e.g. ${flag}='{…}'.` };
  }
  return { value: { ...fixedFields(field.fields), [found.field]: value } };
}

/** Text typed for a field, as the field takes it. */
function typed(field: CatalogField, text: string, guess: MediaGuess, flag: string): { value: unknown } | { problem: string } {
  if (field.choices?.includes(text)) return { value: text };
  const number = text.trim() !== '' ? Number(text) : NaN;
  if (!Number.isNaN(number) && (field.types.includes('number') || field.choices?.includes(number))) return { value: number };
  if (field.types.includes('boolean') && (text === 'true' || text === 'false')) return { value: text === 'true' };
  const structured = field.types.includes('object') || field.types.includes('array');
  if (structured && /^\s*[[{]/.test(text)) return jsonValue(text, flag);
  if (field.types.includes('string') || !structured) return { value: text };
  if (field.types.includes('object')) return shorthand(field, text, guess, flag);
  return { value: text };
}

/** One item more for a list field (a repeated `--param productImages=./a.png`). */
function listItem(field: CatalogField, value: unknown, guess: MediaGuess, flag: string): { value: unknown } | { problem: string } {
  const items = field.items ?? [];
  const scalar = items.length === 1 && items[0]?.name === '' ? items[0] : undefined;
  if (scalar) return typeof value === 'string' ? typed(scalar, value, guess, flag) : { value };
  if (typeof value !== 'string') return { value };
  return shorthand({ name: field.name, required: true, types: ['object'], fields: items }, value, guess, flag);
}

export class BodyBuilder {
  readonly body: Body = {};
  readonly problems: string[] = [];

  constructor(
    private readonly endpoint: CatalogEndpoint,
    private readonly name: string,
    /** What a value given for an object or list points at. */
    private readonly guess: (value: string) => MediaGuess,
  ) {}

  /** Key assignments (model, mode) first: the variant decides how the others are typed. */
  assignAll(assignments: readonly Assignment[]): void {
    const key = this.endpoint.key;
    const first = assignments.filter((a) => a.path.length === 1 && a.path[0] === key);
    for (const a of [...first, ...assignments.filter((a) => !first.includes(a))]) this.assign(a);
  }

  assign({ path, value, raw, flag }: Assignment): void {
    const [top, ...rest] = path;
    if (top === undefined) return;
    const field = top === this.endpoint.key ? keyField(this.endpoint) : variantFields(this.endpoint, this.body).find((f) => f.name === top);
    if (!field) {
      const names = [this.endpoint.key, ...variantFields(this.endpoint, this.body).map((f) => f.name)].filter(Boolean).join(', ');
      this.problems.push(`${flag}: ${top} is not a field of ${this.name} (fields: ${names}).`);
      return;
    }
    this.put(this.body, field, rest, value, raw, flag);
  }

  private put(into: Body, field: CatalogField, rest: string[], value: unknown, raw: boolean, flag: string): void {
    const [next, ...deeper] = rest;
    if (next === undefined) {
      const result = this.valueFor(field, into[field.name], value, raw, flag);
      if ('problem' in result) this.problems.push(result.problem);
      else into[field.name] = result.value;
      return;
    }
    const holder = isObject(into[field.name]) ? (into[field.name] as Body) : {};
    const inner = this.innerField(field, holder, next, flag);
    if (!inner) return;
    into[field.name] = holder;
    this.put(holder, inner, deeper, value, raw, flag);
  }

  /** A nested field by name; an object of several shapes takes the shape that has it. */
  private innerField(field: CatalogField, holder: Body, name: string, flag: string): CatalogField | undefined {
    if (field.oneOf) {
      const { key, variants } = field.oneOf;
      if (name === key) return { name: key, required: true, types: [], choices: variants.map((v) => v.id) };
      const chosen = variants.find((v) => v.id === holder[key]);
      const having = chosen ? [chosen] : variants.filter((v) => v.fields.some((f) => f.name === name));
      const only = having.length === 1 ? having[0] : undefined;
      if (only && holder[key] === undefined) Object.assign(holder, { [key]: only.id }, fixedFields(only.fields), { ...holder });
      const inner = (chosen ?? having[0])?.fields.find((f) => f.name === name);
      if (!inner)
        this.problems.push(`${flag}: ${field.name}.${name} is not a field here; ${field.name} is ${describeShapes(field.oneOf)}.`);
      return inner;
    }
    const inner = field.fields?.find((f) => f.name === name);
    if (!inner)
      this.problems.push(
        `${flag}: ${field.name}.${name} is not a field (${field.name} has ${(field.fields ?? []).map((f) => f.name).join(', ') || 'no fields'}).`,
      );
    else Object.assign(holder, { ...fixedFields(field.fields ?? []), ...holder });
    return inner;
  }

  private valueFor(
    field: CatalogField,
    before: unknown,
    value: unknown,
    raw: boolean,
    flag: string,
  ): { value: unknown } | { problem: string } {
    const guess = typeof value === 'string' ? this.guess(value) : undefined;
    // A list field given one item at a time grows; given a whole list (JSON) it is replaced.
    const listed = field.types.includes('array') && !(typeof value === 'string' && /^\s*\[/.test(value)) && !Array.isArray(value);
    if (listed && (raw || typeof value === 'string')) {
      const item = listItem(field, value, guess, flag);
      return 'problem' in item ? item : { value: [...(Array.isArray(before) ? (before as unknown[]) : []), item.value] };
    }
    if (typeof value !== 'string') return { value };
    if (raw) return typed(field, value, guess, flag);
    if (field.types.includes('string') || field.choices?.includes(value)) return { value };
    if (field.types.includes('object')) return shorthand(field, value, guess, flag);
    return { value };
  }
}
