/**
 * The media inputs of a task endpoint's body: every string the catalog says is a URI of an
 * image, video or audio (`audioUri`, `firstFrame.uri`, `productImages.0.uri`), found by walking
 * the body alongside its fields, and the body again with those values replaced by the URIs sent.
 */
import type { CatalogEndpoint, CatalogField } from '../catalog/types.js';
import { variantFields, type Body } from './assign.js';

export interface MediaSlot {
  path: string[];
  value: string;
  kind: 'image' | 'video' | 'audio';
}

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object's fields: its shape's, where it comes in several. */
function fieldsOf(field: CatalogField, value: Body): CatalogField[] {
  if (field.oneOf) return field.oneOf.variants.find((v) => v.id === value[field.oneOf?.key as string])?.fields ?? [];
  return field.fields ?? [];
}

function walk(fields: readonly CatalogField[], value: Body, path: string[], out: MediaSlot[]): void {
  for (const field of fields) {
    const held = value[field.name];
    const at = [...path, field.name];
    if (typeof held === 'string' && field.media) out.push({ path: at, value: held, kind: field.media });
    else if (isObject(held)) walk(fieldsOf(field, held), held, at, out);
    else if (Array.isArray(held)) {
      const items = field.items ?? [];
      const scalar = items.length === 1 && items[0]?.name === '' ? items[0] : undefined;
      held.forEach((item, i) => {
        if (scalar?.media && typeof item === 'string') out.push({ path: [...at, String(i)], value: item, kind: scalar.media });
        else if (!scalar && isObject(item)) walk(items, item, [...at, String(i)], out);
      });
    }
  }
}

export function mediaSlots(endpoint: CatalogEndpoint, body: Body): MediaSlot[] {
  const out: MediaSlot[] = [];
  walk(variantFields(endpoint, body), body, [], out);
  return out;
}

/** A copy of the body with the value at each path replaced. */
export function replaceAt(body: Body, replacements: ReadonlyMap<string, unknown>): Body {
  const copy = structuredClone(body);
  for (const [dotted, value] of replacements) {
    const path = dotted.split('.');
    let holder: unknown = copy;
    for (const step of path.slice(0, -1)) holder = (holder as Record<string, unknown>)[step];
    if (holder !== null && typeof holder === 'object') (holder as Record<string, unknown>)[path.at(-1) as string] = value;
  }
  return copy;
}
