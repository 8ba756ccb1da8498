/**
 * A create body checked against the catalog, as the API checks it: the model exists on the
 * endpoint, every key is one of its fields, required ones are there, and every value fits the
 * field's types, choices and stated limits. Pure; used before any request and by the simulator.
 */
import type { CatalogField, OfficialCatalog } from './types.js';

export interface BodyIssue {
  path: string[];
  message: string;
}

function list(values: readonly (string | number)[]): string {
  return values.map((v) => (typeof v === 'string' ? v : String(v))).join(', ');
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

export function valueIssues(field: CatalogField, value: unknown, path: string[]): BodyIssue[] {
  if (field.choices?.includes(value as string | number)) return [];
  const type = typeOf(value);
  if (!field.types.includes(type as CatalogField['types'][number])) {
    const allowed = [
      ...(field.choices ? [`one of ${list(field.choices)}`] : []),
      ...field.types.map((t) => (t === 'number' && field.integer ? 'an integer' : `a${t === 'array' || t === 'object' ? 'n' : ''} ${t}`)),
    ];
    return [{ path, message: `must be ${allowed.join(' or ')} (got ${JSON.stringify(value)})` }];
  }
  const issues: BodyIssue[] = [];
  if (type === 'number') {
    const n = value as number;
    if (field.integer && !Number.isInteger(n)) issues.push({ path, message: `must be an integer (got ${n})` });
    if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max))
      issues.push({ path, message: `must be from ${field.min} to ${field.max} (got ${n})` });
  }
  if (type === 'string') {
    const text = value as string;
    if (field.maxLength !== undefined && text.length > field.maxLength)
      issues.push({ path, message: `is ${text.length} characters; at most ${field.maxLength}` });
    if (field.required && text.trim() === '') issues.push({ path, message: 'must not be empty' });
  }
  if (type === 'array') {
    const items = value as unknown[];
    if (field.maxItems !== undefined && items.length > field.maxItems)
      issues.push({ path, message: `has ${items.length} items; at most ${field.maxItems}` });
    if (field.items) {
      const scalar = field.items.length === 1 && field.items[0]?.name === '';
      items.forEach((item, i) => {
        if (scalar) issues.push(...valueIssues(field.items?.[0] as CatalogField, item, [...path, String(i)]));
        else issues.push(...objectIssues(field.items as CatalogField[], item, [...path, String(i)]));
      });
    }
  }
  if (type === 'object' && field.fields) issues.push(...objectIssues(field.fields, value, path));
  return issues;
}

function objectIssues(fields: readonly CatalogField[], value: unknown, path: string[]): BodyIssue[] {
  if (typeOf(value) !== 'object') return [{ path, message: `must be an object with ${fields.map((f) => f.name).join(', ')}` }];
  const body = value as Record<string, unknown>;
  const issues: BodyIssue[] = [];
  for (const key of Object.keys(body)) {
    const field = fields.find((f) => f.name === key);
    if (!field) issues.push({ path: [...path, key], message: `is not a field here (fields: ${fields.map((f) => f.name).join(', ')})` });
    else if (body[key] !== undefined) issues.push(...valueIssues(field, body[key], [...path, key]));
  }
  for (const field of fields)
    if (field.required && body[field.name] === undefined) issues.push({ path: [...path, field.name], message: 'is required' });
  return issues;
}

/** Issues with a create body for `endpoint` (e.g. "text_to_video"); the model is the body's `model`. */
export function checkBody(catalog: OfficialCatalog, endpoint: string, body: unknown): BodyIssue[] {
  const models = catalog.endpoints[endpoint]?.models ?? [];
  if (typeOf(body) !== 'object') return [{ path: [], message: 'body must be a JSON object' }];
  const { model: id, ...rest } = body as Record<string, unknown>;
  const model = models.find((m) => m.id === id);
  if (!model)
    return [{ path: ['model'], message: `Invalid model "${String(id)}" for ${endpoint}; models: ${models.map((m) => m.id).join(', ')}` }];
  return objectIssues(model.fields, rest, []);
}
