/**
 * The simulator's own price table (credits per second of output, or per image), as the real API
 * keeps its own: it answers every create with `estimatedCost` and every settled task with `cost`
 * from it. Tests set prices the CLI does not ship (`--price model=credits-per-second`) to check
 * that the CLI learns them and holds a budget by them.
 */
const defaults: Readonly<Record<string, number>> = {
  'gen4.5': 12,
  gen4_turbo: 5,
  'veo3.1': 40,
  'veo3.1_fast': 15,
  seedance2: 36,
  act_two: 5,
  gen4_image: 8,
  gen4_image_turbo: 2,
  gen3a_turbo: 5,
  veo3: 40,
  gen4_aleph: 15,
};

/** What a task of `model` costs: per second of its length, or per image. Unlisted models cost 5 a second (or an image). */
export function taskCost(
  prices: Readonly<Record<string, number>> | undefined,
  model: string,
  body: unknown,
  seconds: number,
  image: boolean,
): number {
  const b = (body ?? {}) as Record<string, unknown>;
  const rate = prices?.[model] ?? silentRate(model, b) ?? defaults[model] ?? 5;
  if (image) return rate * Math.max(1, Number(b.outputCount) || 1);
  return rate * seconds;
}

/** Veo without sound costs half (about): as published. */
function silentRate(model: string, body: Record<string, unknown>): number | undefined {
  if (body.audio !== false) return undefined;
  return model === 'veo3.1' ? 20 : model === 'veo3.1_fast' ? 10 : undefined;
}

/** `--price gen4.5=12,seedance2=7`: the table's overrides. */
export function parsePrices(text: string | undefined): Record<string, number> | undefined {
  if (!text) return undefined;
  const prices: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9._-]+)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`--price "${part}" is not model=credits-per-second (e.g. seedance2=7).`);
    prices[m[1] as string] = Number(m[2]);
  }
  return prices;
}
