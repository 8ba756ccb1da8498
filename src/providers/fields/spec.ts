/**
 * What a generation field is: declared once, with everything the flags, batch lines,
 * validation, completion and request mapping derive from it.
 */

export type FieldKind = 'text' | 'integer' | 'number' | 'boolean' | 'choice' | 'media' | 'camera' | 'duration' | 'params';

export interface FieldSpec {
  kind: FieldKind;
  /** commander's flag syntax, e.g. "-d, --duration <seconds>". */
  flag: string;
  help: string;
  /** Inclusive range of an integer or number field. */
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** Help of a `--no-…` flag setting the field to false. */
  negation?: string;
  /** A second flag (and batch key) that sets this field to a fixed value: `--fast` is explore=false. */
  alias?: { flag: string; help: string; value: boolean };
  /** Also an option of `runway extend`. */
  extend?: boolean;
  /**
   * A field of the official API's other endpoints (upscale, frame rate, HDR, Act-Two, images): a
   * flag of the commands whose models take it, not of generate.
   */
  tool?: boolean;
  /** Not a batch key (it reads a file or stdin on this machine). */
  commandLineOnly?: boolean;
  /** Given several times, it collects a list (`--reference a.png --reference b.png`). */
  repeatable?: boolean;
  /** The batch-line key, where it differs from the field's name (`params` for --param). */
  batchKey?: string;
}

/** The flag's long name, e.g. "--duration" for "-d, --duration <seconds>". */
export function longFlag(spec: Pick<FieldSpec, 'flag'>): string {
  return /--[a-z0-9-]+/.exec(spec.flag)?.[0] ?? spec.flag;
}

/** How a field is named to a person: its flag, plus the alias where it has one. */
export function fieldLabel(spec: FieldSpec): string {
  return spec.alias ? `${longFlag(spec)}/${longFlag(spec.alias)}` : longFlag(spec);
}

/** commander turns "--last-frame" into "lastFrame"; so do batch keys. */
export function camelOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Why a value is outside the field's range or choices, or undefined when it is fine. */
export function rangeProblem(spec: FieldSpec, value: unknown): string | undefined {
  const name = fieldLabel(spec);
  if (spec.kind === 'duration') {
    if (value === 'auto') return undefined;
    return rangeProblem({ ...spec, kind: 'integer' }, value)
      ? `${name} must be a whole number of seconds from ${spec.min} to ${spec.max}, or auto (got ${String(value)}).`
      : undefined;
  }
  if (spec.kind === 'integer' || spec.kind === 'number') {
    const n = value as number;
    const whole = spec.kind === 'integer';
    const inRange =
      typeof n === 'number' &&
      Number.isFinite(n) &&
      (!whole || Number.isInteger(n)) &&
      (spec.min === undefined || n >= spec.min) &&
      (spec.max === undefined || n <= spec.max);
    if (inRange) return undefined;
    const bounded = spec.min !== undefined && spec.max !== undefined;
    const rule = whole
      ? `an integer${bounded ? ` from ${spec.min} to ${spec.max}` : ''}`
      : bounded
        ? `between ${spec.min} and ${spec.max}`
        : 'a number';
    return `${name} must be ${rule} (got ${String(value)}).`;
  }
  if (spec.kind === 'choice' && spec.choices && !spec.choices.includes(String(value))) {
    return `${name} must be ${spec.choices.join(' or ')} (got "${String(value)}").`;
  }
  return undefined;
}
