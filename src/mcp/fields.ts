/**
 * Tool arguments derived from what the CLI already declares: the field table (generate and the
 * endpoint commands' flags, in snake_case) and the official catalog (the models, and every field
 * of a task endpoint with its choices and ranges). Nothing here declares a field of its own but
 * the server's (wait_seconds, max_credits, idempotency_key).
 */
import { z } from 'zod';
import type { FieldSpec } from '../providers/fields/spec.js';
import type { CatalogField } from '../providers/official/catalog/types.js';

export const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** What an agent sees of a field: its help, without what only a terminal can do. */
const agentHelp = (help: string) => help.replace(/; "-" reads it from stdin/, '');

export function fieldSchema(spec: FieldSpec): z.ZodType {
  const help = agentHelp(spec.help);
  switch (spec.kind) {
    case 'text':
    case 'camera':
      return z.string().describe(help);
    case 'integer':
    case 'number': {
      let n = spec.kind === 'integer' ? z.number().int() : z.number();
      if (spec.min !== undefined) n = n.min(spec.min);
      if (spec.max !== undefined) n = n.max(spec.max);
      return n.describe(help);
    }
    case 'boolean':
      return z.boolean().describe(help);
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]]).describe(help);
    case 'media': {
      const one = z.string().describe(`${help}. A file under the server's roots, an https URL, a data URI or task:<id>`);
      return spec.repeatable ? z.array(one).describe(help) : one;
    }
    case 'duration':
      return z
        .union([
          z
            .number()
            .int()
            .min(spec.min ?? 1)
            .max(spec.max ?? 60),
          z.literal('auto'),
        ])
        .describe(help);
    case 'params':
      return z
        .record(z.string(), z.unknown())
        .describe('any other API field, by its API name (fields the other arguments set are refused)');
  }
}

/** A catalog field as a schema: its choices, type, range, nested fields and shapes. */
export function catalogSchema(field: CatalogField, depth = 0): z.ZodType {
  const parts: z.ZodType[] = [];
  if (field.choices?.length) parts.push(z.literal(field.choices));
  for (const type of field.types) {
    if (type === 'string')
      parts.push(
        field.media ? z.string().describe(`${field.media}: a file under the roots, https URL, data URI or task:<id>`) : z.string(),
      );
    else if (type === 'boolean') parts.push(z.boolean());
    else if (type === 'number') {
      let n = field.integer ? z.number().int() : z.number();
      if (field.min !== undefined) n = n.min(field.min);
      if (field.max !== undefined) n = n.max(field.max);
      parts.push(n);
    } else if (type === 'array') {
      const items = field.items ?? [];
      const scalar = items.length === 1 && items[0]?.name === '' ? items[0] : undefined;
      const item = depth > 3 ? z.unknown() : scalar ? catalogSchema(scalar, depth + 1) : objectSchema(items, depth + 1);
      parts.push(field.maxItems !== undefined ? z.array(item).max(field.maxItems) : z.array(item));
    } else if (type === 'object')
      parts.push(
        depth > 3
          ? z.record(z.string(), z.unknown())
          : field.oneOf
            ? z.union(
                field.oneOf.variants.map((v) =>
                  objectSchema([{ name: field.oneOf?.key as string, required: true, types: [], choices: [v.id] }, ...v.fields], depth + 1),
                ) as unknown as [z.ZodObject, z.ZodObject],
              )
            : objectSchema(field.fields ?? [], depth + 1),
      );
  }
  const schema =
    parts.length === 0 ? z.unknown() : parts.length === 1 ? (parts[0] as z.ZodType) : z.union(parts as unknown as [z.ZodType, z.ZodType]);
  return schema;
}

function objectSchema(fields: readonly CatalogField[], depth: number): z.ZodType {
  return z.object(
    Object.fromEntries(fields.map((f) => [f.name, f.required ? catalogSchema(f, depth) : catalogSchema(f, depth).optional()])),
  );
}

/** An object whose unknown arguments are refused naming the allowed ones. */
export function strictArguments(shape: z.ZodRawShape): z.ZodObject {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}; allowed: ${allowed}`
        : undefined,
  });
}

/** The server's own arguments of every tool that waits. */
export const waitSeconds = z
  .number()
  .min(0)
  .max(600)
  .describe(
    'hold the call at most this long (default 50): done by then, the saved files; else the task id and state, to finish with `wait`',
  );

export const maxCredits = z
  .number()
  .min(0)
  .describe('refuse to spend more than this on this call (the server may hold a lower budget of its own)');

export const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .describe('a key of your own for this call: the same call again with the same key (after a lost answer) creates nothing new');
