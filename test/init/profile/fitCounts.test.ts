import { clustering, fitCounts } from '../../../engine/init/profile/fitCounts';
import { draws, times } from './draws';

describe('fitCounts: children per parent and other small counts', () => {
  const d = draws('fit-counts');

  test('the same count everywhere is a constant', () => {
    expect(fitCounts(times(500, () => 4)).generator).toEqual({ constant: 4 });
  });

  test('counts spread evenly over a range are that integer range', () => {
    expect(fitCounts(times(3000, () => d.integer(1, 5))).generator).toEqual({ integer: { min: 1, max: 5 } });
  });

  test('Poisson counts are a Poisson of their mean, clamped to what was seen', () => {
    const counts = times(3000, () => d.poisson(3));
    const { poisson } = fitCounts(counts).generator as { poisson: { mean: number; max: number } };
    expect(poisson.mean).toBeGreaterThan(2.85);
    expect(poisson.mean).toBeLessThan(3.15);
    expect(poisson.max).toBe(Math.max(...counts));
  });

  test('counts no simple curve fits are a choice over the values seen, weighted by their frequencies', () => {
    // A third of the parents have no children, the others 5 to 8.
    const counts = times(3000, (i) => (i % 3 === 0 ? 0 : d.integer(5, 8)));
    const { choice } = fitCounts(counts).generator as { choice: { values: number[]; weights: number[] } };
    expect(choice.values).toEqual([0, 5, 6, 7, 8]);
    expect(choice.weights[0]).toBe(1000);
    expect(choice.weights.reduce((s, w) => s + w, 0)).toBe(3000);
  });
});

describe('clustering: does a foreign key group its children under their parents', () => {
  const d = draws('clustering');

  test('children placed by random references (Poisson counts) do not cluster', () => {
    expect(clustering(times(2000, () => d.poisson(3)))).toBe(0);
    expect(clustering(times(120, () => d.poisson(120)))).toBe(0);
  });

  test('a fixed range of children per parent, or many childless parents, does', () => {
    expect(clustering(times(2000, () => d.integer(1, 5)))).toBeGreaterThan(0.05);
    expect(clustering(times(2000, () => d.integer(1, 7)))).toBeGreaterThan(0.05);
    expect(clustering(times(2000, (i) => (i % 2 === 0 ? 0 : d.poisson(6))))).toBeGreaterThan(0.3);
  });

  test('a small sample is no evidence', () => {
    expect(clustering([1, 2, 3, 1, 2])).toBe(0);
  });
});
