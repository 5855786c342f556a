/** Context values read as 15 significant digits: the cents shortcut gives what toPrecision gives, for any double. */
import fc from 'fast-check';
import { CONTEXT_DIGITS, canonicalContextValue } from '../../engine/compile/contextValues';

const byText = (value: number) => Number(value.toPrecision(CONTEXT_DIGITS));

test('any finite double reads as its 15-significant-digit rounding', () => {
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => Object.is(canonicalContextValue(value), Number.isInteger(value) ? value : byText(value))), { numRuns: 20_000 });
});

test('amounts in cents, their float sums and values near the 15-digit edge read as toPrecision reads them', () => {
  const sums = Array.from({ length: 5_000 }, (_, i) => [0.1, 0.2, 0.7, 19.99, 1234.56].slice(0, 1 + (i % 5)).reduce((sum, v) => sum + v * (1 + (i % 7)), 0));
  const edges = [0.01, 0.07, 1.005, 2861.0499999999997, 9999999999999.99, 99999999999999.99, 999999999999999.9, -0.29, 1e-7, 123456.78901234567];
  for (const value of [...sums, ...edges, ...edges.map((v) => -v)]) expect(canonicalContextValue(value)).toBe(byText(value));
});

test('integers, NULL, text and non-finite numbers are returned as given', () => {
  for (const value of [0, -3, 2 ** 53, null, 'x', Infinity, NaN]) expect(canonicalContextValue(value)).toBe(value);
});
