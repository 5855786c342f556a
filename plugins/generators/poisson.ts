import { defineGenerator, type Stream } from '../../engine/contract';
import { CLAMP_OPTIONS, shapeDraws, type ClampOptions } from './shared/numericShaping';

interface PoissonOptions extends ClampOptions {
  mean: number;
}

export default defineGenerator<PoissonOptions>({
  name: 'poisson',
  summary: 'Counts of events (0, 1, 2, …) with a given mean.',
  options: {
    type: 'object',
    required: ['mean'],
    additionalProperties: false,
    properties: {
      mean: { type: 'number', minimum: 0, description: 'Mean count (also its variance).', examples: [2.5] },
      ...CLAMP_OPTIONS,
    },
  },
  example: { type: 'integer', poisson: { mean: 2.5, min: 1 } },
  version: 1,
  compile(options, ctx) {
    return shapeDraws(poissonSampler(ctx.stream(), options.mean), { min: options.min, max: options.max, round: 0 }, ctx.columnType);
  },
});

/** Knuth's product method below mean 10 (cost grows with the mean); Hörmann's PTRS above (constant cost). */
function poissonSampler(stream: Stream, mean: number): () => number {
  if (mean === 0) return () => 0;
  if (mean < 10) {
    const limit = Math.exp(-mean);
    return () => {
      let k = 0;
      let product = stream.next();
      while (product > limit) {
        k++;
        product *= stream.next();
      }
      return k;
    };
  }
  // W. Hörmann, "The transformed rejection method for generating Poisson random variables" (1993), as in NumPy.
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  return () => {
    for (;;) {
      const u = stream.next() - 0.5;
      const v = stream.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) return k;
    }
  };
}

const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4, -1.917526917526918e-3,
  6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];

/** log Γ(x) for x ≥ 1 by Stirling's series, shifted up to x ≥ 7 for accuracy. */
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const shift = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + shift;
  const inv2 = 1 / (x0 * x0);
  let series = STIRLING[9];
  for (let k = 8; k >= 0; k--) series = series * inv2 + STIRLING[k];
  let result = series / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 0; k < shift; k++) {
    x0 -= 1;
    result -= Math.log(x0);
  }
  return result;
}
