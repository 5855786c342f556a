import { distance } from 'fastest-levenshtein';

/**
 * `did you mean "x"?` for a misspelt name, or a short list of valid names.
 * Plugins may import only the contract, which does not export the engine's own suggester.
 */
export function didYouMean(name: string, candidates: string[], what: string): string {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))) return `did you mean "${best}"?`;
  if (candidates.length === 0) return `no ${what} is defined here`;
  return `valid ${what}s: ${candidates.slice(0, 12).join(', ')}${candidates.length > 12 ? ', …' : ''}`;
}
