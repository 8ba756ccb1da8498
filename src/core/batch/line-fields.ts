/**
 * What a batch line's fields are: each field's type (derived from the field table, plus the
 * batch's own keys) and how a value of a line becomes that type, paths resolved against the
 * batch file's folder. Pure.
 */
import { isAbsolute, resolve } from 'node:path';
import { generationFields } from '../../providers/fields/generation.js';
import { camelOf, type FieldKind } from '../../providers/fields/spec.js';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'path' | 'paths' | 'duration' | 'object';

/** A field a kind of file adds; `identity: false` where it is not part of what the job makes (a shot's narration). */
export type ExtraField = FieldType | { type: FieldType; identity: false };

export const typeOfExtra = (field: ExtraField | undefined): FieldType | undefined => (typeof field === 'object' ? field.type : field);

const typeOfKind: Record<FieldKind, FieldType> = {
  text: 'string',
  choice: 'string',
  camera: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  media: 'path',
  duration: 'duration',
  params: 'object',
};

/** Fields a job may have: the generate fields of the field table, plus id, provider, out, output. */
export const batchFields: Record<string, FieldType> = {
  id: 'string',
  provider: 'string',
  model: 'string',
  router: 'string',
  run: 'string',
  ...Object.fromEntries(
    Object.entries(generationFields)
      .filter(([, spec]) => !spec.commandLineOnly && !spec.tool)
      .flatMap(([name, spec]): [string, FieldType][] => [
        [spec.batchKey ?? name, spec.kind === 'media' && spec.repeatable ? 'paths' : typeOfKind[spec.kind]],
        ...(spec.alias ? [[camelOf(spec.alias.flag), 'boolean'] as [string, FieldType]] : []),
      ]),
  ),
  out: 'string',
  output: 'string',
};

export const kebab = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export function coerce(field: string, type: FieldType, value: unknown, baseDir: string): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  switch (type) {
    case 'string':
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      throw new Error(`"${field}" must be text`);
    case 'path': {
      if (typeof value !== 'string') throw new Error(`"${field}" must be a path or URL`);
      // Local paths resolve against the batch file's folder; URLs and data URIs stay as they are.
      return /^[a-z][a-z0-9+.-]*:/i.test(value) || isAbsolute(value) ? value : resolve(baseDir, value);
    }
    case 'paths': {
      const items = Array.isArray(value) ? value : [value];
      return items.map((item, i) => coerce(`${field}[${i}]`, 'path', item, baseDir));
    }
    case 'duration':
      return value === 'auto' ? 'auto' : coerce(field, 'integer', value, baseDir);
    case 'object':
      if (value && typeof value === 'object' && !Array.isArray(value)) return value;
      if (typeof value === 'string') {
        try {
          const parsed: unknown = JSON.parse(value);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
        } catch {
          /* reported below */
        }
      }
      throw new Error(`"${field}" must be an object of API fields, e.g. {"negativePrompt": "blurry"}`);
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n)))
        throw new Error(`"${field}" must be ${type === 'integer' ? 'an integer' : 'a number'} (got ${JSON.stringify(value)})`);
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : '';
      if (['true', '1', 'yes'].includes(text)) return true;
      if (['false', '0', 'no'].includes(text)) return false;
      throw new Error(`"${field}" must be true or false (got ${JSON.stringify(value)})`);
    }
  }
}
