import { defineGenerator, GENERATOR_SPEC, type Stream } from '../../engine/contract';
import { atOption } from './shared/optionPath';

interface FunnelStageOptions {
  from: string;
  rate: number | Record<string, unknown>;
  draw?: 'round' | 'binomial';
}

export default defineGenerator<FunnelStageOptions>({
  name: 'funnel_stage',
  summary:
    'A funnel stage: a whole number between 0 and the previous stage (visitors → leads → MQLs), a rate of it; rates may vary by category with by:/cases:. Chained stages never grow.',
  options: {
    type: 'object',
    required: ['from', 'rate'],
    additionalProperties: false,
    properties: {
      from: { type: 'string', description: 'Path of the previous stage’s count (NULL gives NULL).', examples: ['visitors', 'leads'] },
      rate: {
        anyOf: [{ type: 'number', minimum: 0, maximum: 1 }, GENERATOR_SPEC],
        description: 'Share of the previous stage that reaches this one (clamped to 0–1): a number, or a generator drawn per row.',
        examples: [0.3, { uniform: { min: 0.02, max: 0.05 } }, { by: 'channel', cases: { Organic: { uniform: { min: 0.04, max: 0.06 } } }, uniform: { min: 0.02, max: 0.04 } }],
      },
      draw: {
        enum: ['round', 'binomial'],
        default: 'round',
        description: 'round: the rate times the previous count, rounded; binomial: each unit passes independently with the rate.',
        examples: ['binomial'],
      },
    },
  },
  example: { type: 'integer', funnel_stage: { from: 'quantity', rate: { uniform: { min: 0.1, max: 0.3 } }, draw: 'binomial' } },
  version: 1,
  compile(options, ctx) {
    const previous = atOption(['from'], () => ctx.read(options.from));
    const spec = options.rate;
    const rate = typeof spec === 'number' ? () => spec : atOption(['rate'], () => ctx.generator(spec, 'rate'));
    const stream = ctx.stream();
    const pass = options.draw === 'binomial' ? (n: number, p: number) => binomial(stream, n, p) : (n: number, p: number) => Math.round(n * p);
    return (row) => {
      const count = previous(row);
      if (count === null || count === undefined) return null;
      const n = Math.max(0, Math.round(Number(count)));
      const p = Math.min(1, Math.max(0, Number(rate(row)) || 0));
      return pass(n, p);
    };
  },
});

/** Binomial(n, p): Bernoulli trials for small n, inversion for small means, a normal approximation otherwise. */
function binomial(stream: Stream, n: number, p: number): number {
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(stream, n, 1 - p);
  if (n <= 64) {
    let k = 0;
    for (let i = 0; i < n; i++) if (stream.next() < p) k++;
    return k;
  }
  const q = 1 - p;
  if (n * p < 20) {
    const u = stream.next();
    let pmf = Math.pow(q, n);
    let cdf = pmf;
    let k = 0;
    while (u > cdf && k < n) {
      pmf *= ((n - k) / (k + 1)) * (p / q);
      cdf += pmf;
      k++;
    }
    return k;
  }
  return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * q) * stream.normal())));
}
