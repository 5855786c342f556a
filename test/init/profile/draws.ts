import seedrandom from 'seedrandom';

/** Seeded draws from known distributions, to check that fitting finds them again. */
export function draws(seed: string) {
  const random = seedrandom(seed);
  const normal = (mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return {
    random,
    uniform: (min: number, max: number) => min + (max - min) * random(),
    integer: (min: number, max: number) => min + Math.floor((max - min + 1) * random()),
    normal,
    lognormal: (median: number, sigma: number) => median * Math.exp(normal(0, sigma)),
    exponential: (mean: number) => -mean * Math.log(1 - random()),
    poisson(mean: number) {
      const limit = Math.exp(-mean);
      let k = 0;
      for (let p = random(); p > limit; p *= random()) k++;
      return k;
    },
    pick: <T>(items: readonly T[], weights: readonly number[]): T => {
      let u = random() * weights.reduce((s, w) => s + w, 0);
      for (let i = 0; i < items.length; i++) if ((u -= weights[i]) < 0) return items[i];
      return items[items.length - 1];
    },
  };
}

export function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}
