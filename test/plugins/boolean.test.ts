import { columnProblems, sampleColumn, shareOf } from './columnSamples';

describe('boolean', () => {
  test('true with the given probability, written as 1/0 (±1.5 points)', async () => {
    const values = await sampleColumn('{ type: boolean, boolean: 0.3 }');
    expect(new Set(values)).toEqual(new Set([0, 1]));
    expect(Math.abs(shareOf(values, 1) - 0.3)).toBeLessThan(0.015);
  });

  test('probability defaults to one half', async () => {
    const values = await sampleColumn('{ type: boolean, boolean: {} }');
    expect(Math.abs(shareOf(values, 1) - 0.5)).toBeLessThan(0.015);
  });

  test('0 and 1 are certain', async () => {
    expect(new Set(await sampleColumn('{ type: boolean, boolean: 0 }', 1000))).toEqual(new Set([0]));
    expect(new Set(await sampleColumn('{ type: boolean, boolean: 1 }', 1000))).toEqual(new Set([1]));
  });

  test('a probability above 1 is refused', () => {
    expect(columnProblems('{ type: boolean, boolean: 1.5 }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA' })]);
  });
});
