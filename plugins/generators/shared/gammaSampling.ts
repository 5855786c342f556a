import type { Stream } from '../../../engine/contract';

/**
 * A sampler of Gamma(shape, 1) (Marsaglia–Tsang 2000); shapes below 1 use the
 * boost Gamma(a) = Gamma(a + 1) · U^(1/a). Constants are computed once.
 */
export function gammaSampler(stream: Stream, shape: number): () => number {
  if (shape < 1) {
    const boosted = gammaSampler(stream, shape + 1);
    const exponent = 1 / shape;
    return () => boosted() * Math.pow(stream.next(), exponent);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  return () => {
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = stream.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = stream.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  };
}
