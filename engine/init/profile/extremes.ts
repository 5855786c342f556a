/** Smallest and largest of a sample by a loop: spreading a large sample into Math.min overflows the stack. */
export function smallest(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

export function largest(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}
