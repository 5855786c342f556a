/**
 * The longest text Faker can make from a format with repeats: `helpers.fromRegExp`'s
 * `x{n}`, `x{n,m}`, `[class]{n}`, and `helpers.replaceCreditCardSymbols`' `x{n}` and
 * `[n-m]`. Faker expands repeats by rewriting the text again and again, so text it made
 * can become a repeat of its own (`a{[9]{9}}` makes `a{999999999}`). Only formats whose
 * braces are flat and hold digits, and whose classes hold no brace or bracket, are
 * accepted: no class Faker draws from can make a brace, so nothing it writes forms a new repeat.
 */
export type RepeatFormat = 'regexp' | 'card';

/** The longest text `format` can make, or why its length cannot be told before Faker runs it. */
export function longestRepeatText(format: string, kind: RepeatFormat): { length: number } | { refused: string } {
  let total = 0;
  // Length of the last item a repeat would multiply (0: nothing to repeat).
  let last = 0;
  for (let i = 0; i < format.length; ) {
    const c = format[i];
    if (c === '[') {
      const close = format.indexOf(']', i + 1);
      const body = close < 0 ? '' : format.slice(i + 1, close);
      if (close < 0 || /[[{}]/.test(body)) return { refused: `the class at character ${i + 1} is not closed, or holds a bracket or brace` };
      // A regexp class draws one character; a card format's [n-m] writes a number no longer than its text.
      last = kind === 'regexp' ? 1 : body.length + 2;
      total += last;
      i = close + 1;
    } else if (c === '{') {
      const close = format.indexOf('}', i + 1);
      const body = close < 0 ? '' : format.slice(i + 1, close);
      const counts = /^(\d+)(?:,(\d+))?$/.exec(body);
      if (!counts) return { refused: `"${format.slice(i, close < 0 ? i + 12 : close + 1)}" is not a repeat {n} or {n,m} of digits` };
      if (last === 0) return { refused: `the repeat at character ${i + 1} follows nothing it could repeat` };
      const times = Number(counts[2] ?? counts[1]);
      // Overflow-safe: lengths are bounded by the limit long before they lose precision.
      total += last * Math.max(0, times - 1);
      if (!Number.isFinite(total)) return { length: Infinity };
      last = 0;
      i = close + 1;
    } else if (c === '}' || c === ']') {
      return { refused: `"${c}" at character ${i + 1} closes nothing` };
    } else if (kind === 'regexp' && (c === '*' || c === '+') && last > 0) {
      return { refused: `"${c}" at character ${i + 1} has no bound (Faker doubles its length on every coin flip): write {0,n} or {1,n}` };
    } else {
      // A literal, or `?` (at most the one item before it): one character that a repeat after it could multiply.
      last = 1;
      total += 1;
      i++;
    }
  }
  return { length: total };
}
