import fc from 'fast-check';

/** Integers without fast-check's bias to small and extreme values, which would skew every weight and chance below. */
const unbiasedInteger = (min: number, max: number) => fc.noBias(fc.integer({ min, max }));

/**
 * Draws from fast-check's `fc.gen()` one call at a time: the fuzzers' grammars (SQL,
 * expressions, include graphs) read better as code than as combinators. Every draw comes
 * from the run's seed, so a case is replayed by its seed and path.
 */
export class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}

  int(min: number, max: number): number {
    return this.g(unbiasedInteger, min, max);
  }

  /** A size from 1 to `max`, each order of magnitude about as likely: mostly small, now and then past every limit. */
  size(max: number): number {
    return Math.max(1, Math.min(max, Math.round(10 ** (this.int(0, 1000) / 1000 * Math.log10(max)))));
  }

  chance(probability: number): boolean {
    return this.int(0, 9999) < probability * 10_000;
  }

  one<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** One of the options, in proportion to its weight. */
  weighted<T>(options: readonly (readonly [weight: number, make: () => T])[]): T {
    let pick = this.int(0, options.reduce((sum, [weight]) => sum + weight, 0) - 1);
    for (const [weight, make] of options) {
      if (pick < weight) return make();
      pick -= weight;
    }
    throw new Error('weights must be positive integers');
  }
}

/** An arbitrary whose values are built by `make` from draws. */
export function drawn<T>(make: (draw: Draw) => T): fc.Arbitrary<T> {
  return fc.gen().map((g) => make(new Draw(g)));
}
