import { defineGenerator, PluginOptionError, tooCostly } from '../../engine/contract';

interface PatternOptions {
  pattern: string;
}

export default defineGenerator<PatternOptions>({
  name: 'pattern',
  summary: 'Codes drawn from a small pattern: literal text, [A-Z0-9] classes and {n} repeats, e.g. SAVE-[A-Z0-9]{6}; at most value_length characters (default 100,000).',
  options: {
    type: 'object',
    required: ['pattern'],
    additionalProperties: false,
    properties: {
      pattern: {
        type: 'string',
        minLength: 1,
        description: 'Literal characters, classes such as [A-Z0-9] or [aeiou], \\d for a digit, {n} to repeat the previous item n times; \\ escapes a character.',
        examples: ['SAVE-[A-Z0-9]{6}', 'SALE[0-9]{2}', 'INV-\\d{8}'],
      },
    },
  },
  example: { type: 'text', unique: true, pattern: 'SAVE-[A-Z0-9]{6}' },
  version: 1,
  shorthand: 'pattern',
  distinctValues: (options) => {
    try {
      return parsePattern(options.pattern).reduce((count, run) => count * run.alphabet.length ** run.count, 1);
    } catch {
      return undefined; // compile reports the fault
    }
  },
  compile(options, ctx) {
    const runs = parsePattern(options.pattern);
    // Counted before anything is built: {n} repeats multiply a pattern's length without bound.
    const length = runs.reduce((sum, run) => sum + run.count, 0);
    if (length > ctx.limits.value_length) {
      throw tooCostly('value_length', ctx.limits, `pattern "${options.pattern.slice(0, 60)}" makes ${length.toLocaleString('en-US')} characters, more than the ${ctx.limits.value_length.toLocaleString('en-US')} one value may have`, ['pattern']);
    }
    // Runs of literal characters are joined into the text written before each drawn character.
    const before: string[] = [];
    const alphabets: string[] = [];
    let text = '';
    for (const { alphabet, count } of runs) {
      for (let k = 0; k < count; k++) {
        if (alphabet.length === 1) text += alphabet;
        else {
          before.push(text);
          alphabets.push(alphabet);
          text = '';
        }
      }
    }
    const tail = text;
    const stream = ctx.stream();
    return () => {
      let out = '';
      for (let i = 0; i < alphabets.length; i++) {
        const alphabet = alphabets[i];
        out += before[i] + alphabet[stream.int(0, alphabet.length - 1)];
      }
      return out + tail;
    };
  },
});

const REGEX_ONLY = new Set(['*', '+', '?', '(', ')', '|', '^', '$']);

/** An alphabet (a literal is an alphabet of one) and how many output characters in a row draw from it. */
interface Run {
  alphabet: string;
  count: number;
}

/** The pattern as runs of output characters: a repeat only counts, so `[A-Z]{999999999}` costs nothing to read. */
function parsePattern(pattern: string): Run[] {
  const items: Run[] = [];
  const fail = (message: string, hint: string): never => {
    throw new PluginOptionError(`pattern "${pattern}": ${message}`, hint, ['pattern']);
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '[') {
      const [alphabet, next] = parseClass(pattern, i + 1, fail);
      items.push({ alphabet, count: 1 });
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) fail('ends with a lone \\', 'write \\\\ for a backslash');
      items.push({ alphabet: pattern[i + 1] === 'd' ? '0123456789' : pattern[i + 1], count: 1 });
      i += 2;
    } else if (c === '{') {
      const close = pattern.indexOf('}', i);
      const count = close < 0 ? NaN : Number(pattern.slice(i + 1, close));
      if (!Number.isInteger(count) || count < 1 || !/^\d+$/.test(pattern.slice(i + 1, close))) {
        fail(`"${pattern.slice(i, close < 0 ? undefined : close + 1)}" is not a repeat count`, 'write {n} with a whole number n ≥ 1, e.g. [0-9]{4}; ranges such as {2,4} are not supported');
      }
      if (items.length === 0) fail('{n} at the start repeats nothing', 'put {n} after a character or a [class]');
      // {n} repeats the one item before it: n - 1 more of it.
      items[items.length - 1].count += count - 1;
      i = close + 1;
    } else if (REGEX_ONLY.has(c)) {
      fail(`"${c}" is regular-expression syntax that patterns do not support`, `write \\${c} for a literal "${c}"; repeats are written {n}`);
    } else {
      items.push({ alphabet: c, count: 1 });
      i++;
    }
  }
  return items;
}

/** Parses a class body starting after "[": ranges (A-Z), single characters, \ escapes; returns its characters and the index after "]". */
function parseClass(pattern: string, start: number, fail: (message: string, hint: string) => never): [string, number] {
  const chars = new Set<string>();
  let i = start;
  while (i < pattern.length && pattern[i] !== ']') {
    let c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) c = pattern[++i];
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      let end = pattern[i + 2];
      let step = 3;
      if (end === '\\' && i + 3 < pattern.length) {
        end = pattern[i + 3];
        step = 4;
      }
      if (end.charCodeAt(0) < c.charCodeAt(0)) fail(`range "${c}-${end}" runs backwards`, `write ${end}-${c}`);
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) chars.add(String.fromCharCode(code));
      i += step;
    } else {
      chars.add(c);
      i++;
    }
  }
  if (i >= pattern.length) fail(`"[" at character ${start} is never closed`, 'close the class with ]');
  if (chars.size === 0) fail('[] is an empty class', 'list characters or ranges inside the brackets, e.g. [A-Z0-9]');
  return [[...chars].join(''), i + 1];
}
