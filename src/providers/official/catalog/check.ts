/**
 * A create body checked against the catalog, as the API checks it: the model exists on the
 * endpoint, every key is one of its fields, required ones are there, and every value fits the
 * field's types, choices and stated limits. Pure; used before any request and by the simulator.
 */
import type { CatalogEndpoint, CatalogField, CatalogModel, OfficialCatalog } from './types.js';

export interface BodyIssue {
  path: string[];
  message: string;
}

/** "voice.presetId is required (one of Maya, Arjun, …)." */
export function issueText(issue: BodyIssue): string {
  return `${issue.path.join('.') || 'the body'} ${issue.message}.`;
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
  if (type === 'object' && field.oneOf) issues.push(...shapeIssues(field.oneOf, value as Record<string, unknown>, path));
  else if (type === 'object' && field.fields) issues.push(...objectIssues(field.fields, value, path));
  return issues;
}

export function objectIssues(fields: readonly CatalogField[], value: unknown, path: string[]): BodyIssue[] {
  if (typeOf(value) !== 'object') return [{ path, message: `must be an object with ${fields.map((f) => f.name).join(', ')}` }];
  const body = value as Record<string, unknown>;
  const issues: BodyIssue[] = [];
  for (const key of Object.keys(body)) {
    const field = fields.find((f) => f.name === key);
    if (!field) issues.push({ path: [...path, key], message: `is not a field here (fields: ${fields.map((f) => f.name).join(', ')})` });
    else if (body[key] !== undefined) issues.push(...valueIssues(field, body[key], [...path, key]));
  }
  for (const field of fields)
    if (field.required && body[field.name] === undefined)
      issues.push({ path: [...path, field.name], message: `is required: ${takes(field)}` });
  return issues;
}

/** An object: what its one open required field takes (its fixed ones are filled in), else its fields. */
function objectTakes(fields: readonly CatalogField[]): string {
  const open = fields.filter((f) => f.required && !(f.types.length === 0 && f.choices?.length === 1));
  return open.length === 1
    ? `${(open[0] as CatalogField).name}: ${takes(open[0] as CatalogField)}`
    : `{${fields.map((f) => f.name).join(', ')}}`;
}

/** What a field takes, for people: its choices, its shapes, its type and limits. */
export function takes(field: CatalogField): string {
  const parts: string[] = [];
  if (field.choices) parts.push(`one of ${list(field.choices.length > 12 ? [...field.choices.slice(0, 12), '…'] : field.choices)}`);
  if (field.oneOf) parts.push(describeShapes(field.oneOf));
  for (const type of field.types) {
    if (type === 'number')
      parts.push(`${field.integer ? 'an integer' : 'a number'}${field.min !== undefined ? ` from ${field.min} to ${field.max}` : ''}`);
    else if (type === 'string')
      parts.push(
        field.media
          ? `${field.media === 'image' ? 'an image' : field.media === 'video' ? 'a video' : 'audio'} (a file, https URL, data URI or task:<id>)`
          : 'text',
      );
    else if (type === 'boolean') parts.push('true or false');
    else if (type === 'array') {
      const items = field.items ?? [];
      const scalar = items.length === 1 && items[0]?.name === '' ? items[0] : undefined;
      parts.push(`a list of ${scalar ? takes(scalar) : `{${items.map((f) => f.name).join(', ')}}`}`);
    } else if (type === 'object' && !field.oneOf) parts.push(objectTakes(field.fields ?? []));
  }
  return parts.join(', or ') || 'a value';
}

/** An object of several shapes: its key says which, and that shape's fields are checked. */
function shapeIssues(oneOf: NonNullable<CatalogField['oneOf']>, value: Record<string, unknown>, path: string[]): BodyIssue[] {
  const { key, variants } = oneOf;
  const shape = variants.find((v) => v.id === value[key]);
  if (!shape) {
    const said =
      value[key] === undefined ? 'is required' : `must be one of ${list(variants.map((v) => v.id))} (got ${JSON.stringify(value[key])})`;
    return [{ path: [...path, key], message: `${said}; ${describeShapes(oneOf)}` }];
  }
  const { [key]: _key, ...rest } = value;
  return objectIssues(shape.fields, rest, path);
}

/** "type runway-preset with presetId, or type custom with avatarId". */
export function describeShapes(oneOf: NonNullable<CatalogField['oneOf']>): string {
  return oneOf.variants
    .map(
      (v) =>
        `${oneOf.key} ${v.id} with ${
          v.fields
            .filter((f) => f.required)
            .map((f) => f.name)
            .join(', ') || 'nothing else'
        }`,
    )
    .join(', or ');
}

/** The variant a body is (by its key field: model, mode), or the issue naming the values allowed. */
export function variantOf(
  endpoint: CatalogEndpoint,
  name: string,
  body: Record<string, unknown>,
): { variant: CatalogModel } | { issue: BodyIssue } {
  const { key } = endpoint;
  if (key === undefined) return { variant: endpoint.variants[0] as CatalogModel };
  const value = body[key];
  const variant = endpoint.variants.find((m) => m.id === value);
  if (variant) return { variant };
  const allowed = endpoint.variants.map((m) => m.id).join(', ');
  if (value === undefined) return { issue: { path: [key], message: `is required (${name} takes ${key} ${allowed})` } };
  const message = key === 'model' ? `Invalid model ${JSON.stringify(value)} for ${name}; models: ${allowed}` : `must be one of ${allowed}`;
  return { issue: { path: [key], message } };
}

/** Issues with a create body for `endpoint` (e.g. "text_to_video", "recipes/product_ad"); its variant is the body's key field. */
export function checkBody(catalog: OfficialCatalog, endpoint: string, body: unknown): BodyIssue[] {
  const described = catalog.endpoints[endpoint];
  if (!described) return [{ path: [], message: `${endpoint} is not an endpoint of the official API` }];
  if (typeOf(body) !== 'object') return [{ path: [], message: 'body must be a JSON object' }];
  const fields = body as Record<string, unknown>;
  const found = variantOf(described, endpoint, fields);
  if ('issue' in found) return [found.issue];
  const { [described.key ?? '']: _key, ...rest } = fields;
  return objectIssues(found.variant.fields, described.key === undefined ? fields : rest, []);
}
