/** "Did you mean …?" for provider, model and setting names. */

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * The candidate nearest to `input`, if it is near enough to be a plausible typo, or else the
 * only one `input` abbreviates ("comet" → "cometapi").
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  return nearest(input, candidates) ?? onlyExtension(input, candidates);
}

function onlyExtension(input: string, candidates: readonly string[]): string | undefined {
  if (input.length < 3) return undefined;
  const matches = candidates.filter((c) => c.toLowerCase().startsWith(input.toLowerCase()));
  return matches.length === 1 ? matches[0] : undefined;
}

function nearest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}
