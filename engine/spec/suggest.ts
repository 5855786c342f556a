import { distance } from 'fastest-levenshtein';

/** The closest candidate to a misspelt name, if one is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** `did you mean "x"?` for a misspelt name, or a list of the valid names when none is close. */
export function suggestName(name: string, candidates: string[], what = 'name'): string {
  const guess = closest(name, candidates);
  if (guess) return `did you mean "${guess}"?`;
  if (candidates.length === 0) return `no ${what} is defined here`;
  const shown = candidates.slice(0, 12).join(', ');
  return `valid ${what}s: ${shown}${candidates.length > 12 ? ', …' : ''}`;
}
