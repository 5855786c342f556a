/**
 * Expressions written to hurt: a pattern that backtracks exponentially, thousands of nested
 * parentheses, prefixes and calls, chains of 20,000 and 100,000 terms. Each is refused at
 * the expression by a limit naming the flag that raises it, or compiles and runs; none
 * overflows the stack (exit 2) or hangs.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cli } from '../helpers/cli';
import { runSpec, validateSpec, writeSpec } from '../helpers/runSpec';

/** One table: `s` a 41-character text the pattern below backtracks on, `x` the expression under test. */
const spec = (expression: string, type = 'real', count = 3) =>
  `name: t\nseed: 1\nas_of: 2025-06-30\ntables:\n  t:\n    rows: { count: ${count} }\n    columns:\n      s: { type: text, constant: ${'a'.repeat(40)}! }\n      x: { type: ${type}, expr: '${expression}' }\n`;
/** The expression's place in `spec(...)`: line 9, where its value starts. */
const AT_EXPRESSION = { path: 'tables.t.columns.x.expr.expression', line: 9, col: 30 };
const HANG = { timeoutMs: 60_000 };

const repeat = (term: string, times: number, separator: string) => Array(times).fill(term).join(separator);
const HOSTILE = {
  'nested parentheses': `${'('.repeat(5000)}1${')'.repeat(5000)}`,
  'minus prefixes': `${'-'.repeat(20_000)}1`,
  'not prefixes': `if ${'not '.repeat(20_000)}true then 1 else 0`,
  'power chain': repeat('1', 20_000, ' ^ '),
  'sum chain': repeat('1', 100_000, ' + '),
};

/** Validates through the real CLI, as the issue did; a run past the timeout is a hang. */
function cliValidate(text: string, ...flags: string[]) {
  const file = writeSpec(text);
  try {
    return cli(['validate', file, ...flags], HANG);
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

describe('expression costs', () => {
  it.each(Object.entries(HOSTILE))('%s: refused at the expression by expression_tokens, through the library and the CLI', (_, expression) => {
    expect(validateSpec(spec(expression))).toEqual([
      expect.objectContaining({ code: 'SPEC_TOO_COSTLY', ...AT_EXPRESSION, message: expect.stringMatching(/more than 10,000 tokens/), hint: expect.stringMatching(/--limit expression_tokens=/) }),
    ]);
    const result = cliValidate(spec(expression));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error SPEC_TOO_COSTLY {2}\S*spec\.yaml:9:30/);
    expect(result.stderr).not.toMatch(/RangeError| at \S+\.js:\d+/);
  });

  it('with the limit raised, the same expressions compile and evaluate without deep recursion', async () => {
    const limits = { expression_tokens: 250_000 };
    const expected: Record<string, number> = { 'nested parentheses': 1, 'minus prefixes': 1, 'not prefixes': 1, 'power chain': 1, 'sum chain': 100_000 };
    for (const [name, expression] of Object.entries(HOSTILE)) {
      const run = await runSpec(spec(expression), { limits });
      try {
        expect({ name, values: run.rows('t').map((r) => r.x) }).toEqual({ name, values: [expected[name], expected[name], expected[name]] });
      } finally {
        run.close();
      }
    }
    expect(cliValidate(spec(HOSTILE['sum chain']), '--limit', 'expression_tokens=250000').status).toBe(0);
  });

  it('refuses nesting deeper than expression_depth; below it, deep calls, lists and branches evaluate', async () => {
    const calls = (depth: number) => `${'abs('.repeat(depth)}2${')'.repeat(depth)}`;
    expect(validateSpec(spec(calls(300)))).toEqual([
      expect.objectContaining({ code: 'SPEC_TOO_COSTLY', ...AT_EXPRESSION, message: expect.stringMatching(/nests 301 levels deep, more than 200/), hint: expect.stringMatching(/--limit expression_depth=/) }),
    ]);
    const result = cliValidate(spec(calls(300)));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error SPEC_TOO_COSTLY {2}\S*spec\.yaml:9:30/);

    const branches = `${'if true then '.repeat(150)}3${' else 0'.repeat(150)}`;
    const sums = `${'(1 + '.repeat(190)}1${')'.repeat(190)}`;
    for (const [expression, value] of [[calls(199), 2], [branches, 3], [sums, 191]] as const) {
      const run = await runSpec(spec(expression));
      try {
        expect(run.rows('t').map((r) => r.x)).toEqual([value, value, value]);
      } finally {
        run.close();
      }
    }
    const deep = await runSpec(spec(calls(5000)), { limits: { expression_depth: 6000, expression_tokens: 20_000 } });
    expect(deep.rows('t')[0].x).toBe(2);
    deep.close();
  });

  it('long and/or/comparison chains within the limits evaluate in a loop', async () => {
    const cases: [string, number][] = [
      [`if ${repeat('s == s', 2000, ' and ')} then 1 else 0`, 1],
      [`if ${repeat('s != s', 2000, ' or ')} then 1 else 0`, 0],
      [`if ${repeat('1', 3000, ' <= ')} then 1 else 0`, 1],
      [repeat('3', 3000, ' - '), -8994],
      [`${repeat('1', 3000, ' * ')} mod 7`, 1],
    ];
    for (const [expression, value] of cases) {
      const run = await runSpec(spec(expression));
      try {
        expect(run.rows('t').map((r) => r.x)).toEqual([value, value, value]);
      } finally {
        run.close();
      }
    }
  });

  it('~= matches in linear time: (a+)+$ against a 41-character text is false, at once, in a run through the CLI', () => {
    const file = writeSpec(spec('if s ~= "(a+)+$" then 1 else 0', 'integer', 20_000));
    try {
      const result = cli(['run', file, '--target', join(dirname(file), 'out.csv'), '--quiet'], HANG);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });

  it('~= keeps its results for ordinary patterns, and refuses backreferences and lookaround at validate with the column and a hint', async () => {
    const run = await runSpec(spec('if s ~= "^a{40}!$" and not (s ~= "[0-9]") and s ~= "(?i)A+!" then 1 else 0'));
    expect(run.rows('t').map((r) => r.x)).toEqual([1, 1, 1]);
    run.close();
    for (const [pattern, refused] of [
      ['(a)\\\\1', /"\(a\)\\1" is not a pattern RE2 accepts \(invalid escape sequence: `\\1`\) at column 9/],
      ['a(?=b)', /"a\(\?=b\)" is not a pattern RE2 accepts .* at column 9/],
      ['(?<!x)a', /is not a pattern RE2 accepts .* at column 9/],
    ] as const) {
      expect(validateSpec(spec(`if s ~= "${pattern}" then 1 else 0`))).toEqual([
        expect.objectContaining({ code: 'SPEC_BAD_EXPRESSION', ...AT_EXPRESSION, message: expect.stringMatching(refused), hint: expect.stringMatching(/RE2 syntax.*no backreferences/) }),
      ]);
    }
  });

  it('a pattern read from a row that RE2 refuses fails that run as a user error, not a crash', async () => {
    const text = spec('if s ~= p then 1 else 0').replace("      x:", '      p: { type: text, constant: "(a)\\\\1" }\n      x:');
    await expect(runSpec(text)).rejects.toMatchObject({ problems: [expect.objectContaining({ message: expect.stringMatching(/is not a pattern RE2 accepts/) })] });
  });
});
