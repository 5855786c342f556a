/** The interval set of no_overlap finds an overlap exactly when a scan of every interval finds one, across many blocks. */
import { IntervalSet } from '../../engine/run/intervalSet';

/** A fixed pseudo-random sequence in [0, 1): the same cases on every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test.each([
  // [what, range of starts, longest interval, share of open ends, fewest accepted]
  ['short intervals over a long range: thousands accepted, in many blocks', 400_000, 20, 0, 5_000],
  ['long intervals: most rejected', 5_000, 400, 0, 20],
  ['some intervals never end', 100_000, 50, 0.002, 500],
] as const)('%s', (_, range, longest, openShare, fewest) => {
  const next = lcg(range);
  const set = new IntervalSet();
  const accepted: [number, number][] = [];
  const disagreements: string[] = [];
  let rejected = 0;
  for (let i = 0; i < 20_000; i++) {
    const start = Math.floor(next() * range);
    const end = next() < openShare ? Infinity : start + 1 + Math.floor(next() * longest);
    const scanned = accepted.some(([a, b]) => a < end && start < b);
    const found = set.overlapping(start, end);
    // What it names must be an interval of the set that overlaps.
    const named = found !== undefined && found[0] < end && start < found[1] && accepted.some(([a, b]) => a === found[0] && b === found[1]);
    if (scanned !== (found !== undefined) || (found && !named)) disagreements.push(`[${start}, ${end}): scan ${scanned}, set ${JSON.stringify(found)}`);
    if (found) rejected++;
    else {
      set.insert(start, end);
      accepted.push([start, end]);
    }
  }
  expect(disagreements.slice(0, 5)).toEqual([]);
  expect(accepted.length).toBeGreaterThan(fewest);
  expect(rejected).toBeGreaterThan(100);
});
