/**
 * Output file names. Field values (prompt, model, server-given names) are untrusted text and
 * are sanitised; the template's own literal text may contain `/` for sub-folders, but the
 * resolved path must stay inside the output directory.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { Settled } from '../journal/fold.js';

export const defaultTemplate = '{model}-{date}-{time}-{task:8}';

export interface NameFields extends Settled {
  model: string;
  task: string;
  /** {index}: the job's position in a batch, else the output's position in the task. */
  index: number;
  /** 1-based output position within the task: outputs after the first get a -N suffix. */
  output?: number | undefined;
  /** When the task was created. */
  created: Date;
  /** The server's name for the file (display text, sanitised when used). */
  serverName?: string | undefined;
}

const reservedWindowsNames = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** At most `maxBytes` of UTF-8, cut between characters: file systems limit names in bytes (255), not characters. */
function truncateBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    out += char;
  }
  return out;
}

/**
 * One safe path segment: no separators, no `..`, no control characters, no reserved names, and
 * short enough in bytes that `-NNNN`, `.mp4`, `.part` or `.json` still fit in a 255-byte name.
 */
export function sanitizeSegment(text: string, maxBytes = 230): string {
  let out = text
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (reservedWindowsNames.test(out)) out = `_${out}`;
  out = truncateBytes(out, maxBytes).trim();
  return out || '_';
}

/**
 * Lowercase words joined by dashes, for {prompt:N}: accents come off Latin letters (and
 * full-width forms become ASCII), other scripts stay whole — kana keep their marks, Devanagari its
 * vowel signs. N counts characters.
 */
export function slug(text: string, maxLength: number): string {
  const s = text
    .normalize('NFKD')
    .replace(/([a-zA-Z])[\u0300-\u036f]+/g, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return Array.from(s).slice(0, maxLength).join('').replace(/-+$/, '') || 'untitled';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function fieldValue(name: string, width: number | undefined, fields: NameFields): string | undefined {
  const d = fields.created;
  switch (name) {
    case 'model':
      return fields.model;
    case 'task':
      return width ? fields.task.slice(0, width) : fields.task;
    case 'seed':
      return fields.seed === undefined ? 'noseed' : String(fields.seed);
    case 'ratio':
      return (fields.ratio ?? '').replace(':', 'x');
    case 'duration':
      return fields.duration === undefined ? '' : `${fields.duration}s`;
    case 'date':
      return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
    case 'time':
      return `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
    case 'index':
      return width ? pad(fields.index, width) : String(fields.index);
    case 'prompt':
      return slug(fields.prompt ?? '', width ?? 60);
    case 'name':
      return fields.serverName ? slug(fields.serverName.replace(/\.[a-z0-9]{2,4}$/i, ''), width ?? 60) : '';
    default:
      return undefined;
  }
}

export const templateFields = ['model', 'seed', 'ratio', 'duration', 'task', 'date', 'time', 'index', 'prompt', 'name'];

/** Throws on unknown fields, so a typo in --output is found before a paid task starts. */
export function checkTemplate(template: string): void {
  for (const match of template.matchAll(/\{([a-z]+)(?::(\d+))?\}/gi)) {
    if (!templateFields.includes((match[1] ?? '').toLowerCase())) {
      throw new UsageError(`Unknown field {${match[1]}} in the output template; fields: ${templateFields.map((f) => `{${f}}`).join(' ')}.`);
    }
  }
  if (isAbsolute(template) || template.split(/[/\\]/).includes('..')) {
    throw new UsageError(`The output template "${template}" must be a relative name inside --out (no absolute paths or "..").`);
  }
}

/** Renders a template to a relative path ending in .mp4 (sanitised per segment). */
export function renderName(template: string, fields: NameFields, multipleOutputs: boolean): string {
  const rendered = template.replace(/\{([a-z]+)(?::(\d+))?\}/gi, (whole, name: string, width?: string) => {
    const value = fieldValue(name.toLowerCase(), width ? Number(width) : undefined, fields);
    return value === undefined ? whole : value.replace(/[/\\]/g, '_');
  });
  const segments = rendered.split(/[/\\]/).filter((s) => s !== '' && s !== '.');
  let file = segments.pop() ?? 'video';
  file = file.replace(/\.mp4$/i, '');
  const output = fields.output ?? fields.index;
  if (multipleOutputs && output > 1) file += `-${output}`;
  return [...segments.map((s) => sanitizeSegment(s)), `${sanitizeSegment(file, 200)}.mp4`].join('/');
}

/** Joins a rendered name to the output directory, refusing anything that would escape it. */
export function resolveInside(outDir: string, name: string): string {
  const root = resolve(outDir);
  const full = resolve(root, name);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new UsageError(`The output name "${name}" would leave the output directory ${root}.`);
  }
  return full;
}
