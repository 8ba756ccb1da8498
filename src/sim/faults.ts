/**
 * Deterministic fault scripts, e.g.
 *   create:503x2,poll:429@retry-after=2,poll:reset,download:cut@40%,download:403-once,create:drop-response
 * Each rule is `target:action[xN|x*|-once][@param]`; rules fire in order of arrival, each as many
 * times as its count (default once).
 */

export const faultTargets = ['create', 'poll', 'download', 'upload', 'storage-upload', 'cancel', 'any'] as const;
export type FaultTarget = (typeof faultTargets)[number];

export const faultActions = [
  'status', // a number: answer with that HTTP status
  'reset', // destroy the connection without answering (the request is not processed)
  'drop-response', // process the request (e.g. create the task), then destroy the connection
  'html', // answer 502 with an HTML error page
  'cut', // downloads: send @N% of the body, then destroy the connection
  'stall', // downloads: send @N% of the body, then stop sending
  'bad-range', // downloads: answer a Range request with 206 from the wrong offset
  'no-range', // downloads: ignore Range, answer 200 with the whole file
  'slow', // wait @N seconds before answering
  'redirect', // API: answer 307 to another origin (which records whether Authorization followed)
  'not-exist', // poll: answer task_not_exist
  'daily-limit', // answer 429 with the API's "daily task limit" body
] as const;

export interface FaultRule {
  spec: string;
  target: FaultTarget;
  action: (typeof faultActions)[number];
  status?: number;
  remaining: number;
  percent?: number;
  seconds?: number;
  retryAfter?: string;
  retryAfterMs?: string;
}

export function parseFaults(spec: string | undefined): FaultRule[] {
  if (!spec || !spec.trim()) return [];
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseRule);
}

function parseRule(text: string): FaultRule {
  const m = /^([a-z-]+):([a-z0-9-]+?)(?:x(\d+|\*)|-once)?(?:@(.+))?$/i.exec(text);
  if (!m) throw new Error(`Bad fault rule "${text}": expected target:action[xN][@param], e.g. create:503x2`);
  const [, target, actionText, count, param] = m as unknown as [string, string, string, string | undefined, string | undefined];
  if (!(faultTargets as readonly string[]).includes(target))
    throw new Error(`Bad fault rule "${text}": target must be one of ${faultTargets.join(', ')}`);
  const isStatus = /^\d{3}$/.test(actionText);
  if (!isStatus && !(faultActions as readonly string[]).includes(actionText)) {
    throw new Error(
      `Bad fault rule "${text}": action must be an HTTP status or one of ${faultActions.filter((a) => a !== 'status').join(', ')}`,
    );
  }
  const rule: FaultRule = {
    spec: text,
    target: target as FaultTarget,
    action: isStatus ? 'status' : (actionText as FaultRule['action']),
    remaining: count === '*' ? Infinity : count ? Number(count) : 1,
  };
  if (isStatus) rule.status = Number(actionText);
  if (param) {
    for (const part of param.split(';')) {
      const percent = /^(\d+(?:\.\d+)?)%$/.exec(part);
      const kv = /^([a-z-]+)=(.+)$/i.exec(part);
      if (percent) rule.percent = Number(percent[1]);
      else if (kv && kv[1] === 'retry-after') rule.retryAfter = kv[2];
      else if (kv && kv[1] === 'retry-after-ms') rule.retryAfterMs = kv[2];
      else if (/^\d+(\.\d+)?s?$/.test(part)) rule.seconds = Number(part.replace(/s$/, ''));
      else throw new Error(`Bad fault parameter "${part}" in "${text}"`);
    }
  }
  return rule;
}

export class FaultPlan {
  private rules: FaultRule[];
  readonly fired: string[] = [];

  constructor(spec?: string) {
    this.rules = parseFaults(spec);
  }

  replace(spec: string): void {
    this.rules = parseFaults(spec);
  }

  /** Consumes and returns the first live rule for this target, if any. */
  take(target: Exclude<FaultTarget, 'any'>): FaultRule | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.target === target || r.target === 'any'));
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.fired.push(rule.spec);
    return rule;
  }

  get pending(): string[] {
    return this.rules.filter((r) => r.remaining > 0).map((r) => r.spec);
  }
}
