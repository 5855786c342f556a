import pattern from '../../plugins/generators/pattern';
import { columnProblems, sampleColumn } from './columnSamples';

describe('pattern', () => {
  test('literal text around drawn characters, each class character about equally likely', async () => {
    const codes = (await sampleColumn('{ type: text, pattern: "SAVE-[A-Z0-9]{6}" }')) as string[];
    expect(codes.every((c) => /^SAVE-[A-Z0-9]{6}$/.test(c))).toBe(true);
    const counts = new Map<string, number>();
    for (const c of codes) for (const ch of c.slice(5)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(36);
    const expected = (codes.length * 6) / 36;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.08); // SE 1.7%
  });

  test('unique codes', async () => {
    const codes = await sampleColumn('{ type: text, unique: true, pattern: "SAVE-[A-Z0-9]{6}" }');
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('\\d, escapes, single-character classes and ranges', async () => {
    const codes = (await sampleColumn('{ type: text, pattern: { pattern: "INV\\\\-\\\\d{3}[xy][a-c-]" } }', 2000)) as string[];
    expect(codes.every((c) => /^INV-\d{3}[xy][a-c-]$/.test(c))).toBe(true);
    expect(new Set(codes.map((c) => c[7]))).toEqual(new Set(['x', 'y']));
    expect(new Set(codes.map((c) => c[8]))).toEqual(new Set(['a', 'b', 'c', '-']));
  });

  test('counts its distinct values, so infeasible unique columns can be refused', () => {
    expect(pattern.distinctValues!({ pattern: 'SALE[0-9]{2}' })).toBe(100);
    expect(pattern.distinctValues!({ pattern: 'SAVE-[A-Z0-9]{6}' })).toBe(36 ** 6);
    expect(pattern.distinctValues!({ pattern: 'X[' })).toBeUndefined();
  });

  test.each([
    ['SAVE-[A-Z', 'is never closed'],
    ['[Z-A]', 'runs backwards'],
    ['[]', 'empty class'],
    ['[0-9]{2,4}', 'is not a repeat count'],
    ['{3}A', 'repeats nothing'],
    ['[A-Z]+', 'regular-expression syntax'],
  ])('refuses %s', (source, message) => {
    expect(columnProblems(`{ type: text, pattern: "${source}" }`)).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.pattern.pattern', message: expect.stringContaining(message) }),
    ]);
  });
});
