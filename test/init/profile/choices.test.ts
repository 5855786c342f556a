import { choiceOf, fitConditional, frequencies, isCategorical } from '../../../engine/init/profile/choices';
import { draws, times } from './draws';

describe('choices', () => {
  test('a choice lists values by frequency, ties by value: text as a map, numbers as values and weights', () => {
    expect(choiceOf(frequencies(['b', 'a', 'b', 'c', 'a', 'b']))).toEqual({ choice: { b: 3, a: 2, c: 1 } });
    expect(choiceOf(frequencies([3, 1, 3, 2]))).toEqual({ choice: { values: [3, 1, 2], weights: [2, 1, 1] } });
  });

  test('few values each seen several times are a category; identifiers are not', () => {
    expect(isCategorical(frequencies(times(300, (i) => ['x', 'y', 'z'][i % 3])), 300)).toBe(true);
    expect(isCategorical(frequencies(times(300, (i) => `id-${i}`)), 300)).toBe(false);
    // A small table shows each category only a couple of times.
    expect(isCategorical(frequencies(['a', 'b', 'a', 'c', 'b', 'c', 'a', 'b']), 8)).toBe(true);
  });
});

describe('fitConditional: by: cases where a category depends on another', () => {
  const d = draws('conditional');

  test('a plan that depends on the segment gets one case per segment', () => {
    const pairs = times(3000, () => {
      const by = d.pick(['smb', 'enterprise'], [70, 30]);
      return { by, value: by === 'smb' ? d.pick(['basic', 'pro'], [80, 20]) : d.pick(['basic', 'pro'], [10, 90]) };
    });
    const fit = fitConditional(pairs)!;
    expect(fit.cases.map((c) => c.key)).toEqual(['enterprise', 'smb']);
    const smb = fit.cases[1].generator.choice as Record<string, number>;
    expect(smb.basic / (smb.basic + smb.pro)).toBeCloseTo(0.8, 1);
  });

  test('independent categories give no cases', () => {
    const pairs = times(3000, () => ({ by: d.pick(['smb', 'enterprise'], [70, 30]), value: d.pick(['basic', 'pro'], [60, 40]) }));
    expect(fitConditional(pairs)).toBeUndefined();
  });

  test('rows whose value has no case (NULL, or a group too small) make the fallback', () => {
    const pairs = [
      ...times(1000, () => ({ by: 'a', value: d.pick(['x', 'y'], [90, 10]) })),
      ...times(1000, () => ({ by: 'b', value: d.pick(['x', 'y'], [10, 90]) })),
      ...times(500, () => ({ by: null, value: 'z' })),
      ...times(10, () => ({ by: 'tiny', value: 'z' })),
    ];
    const fit = fitConditional(pairs)!;
    expect(fit.cases.map((c) => c.key)).toEqual(['a', 'b']);
    expect(fit.fallback).toEqual({ choice: { z: 510 } });
  });
});
