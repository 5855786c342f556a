/**
 * The expression language's `null` literal, the run's names (`as_of`, `scale`), `pad` and
 * `format`, and the reference's list of them.
 */
import { stringify } from 'yaml';
import { PluginOptionError, RowError, type Row } from '../../engine/contract';
import { compileSafeExpression, EXPRESSION_FUNCTIONS } from '../../engine/compile/expression';
import { resolveLimits } from '../../engine/limits';
import { EXPRESSION_EXAMPLE } from '../../engine/docs/expressionDocs';
import { EXAMPLE_TABLE, exampleSpec } from '../../engine/docs/exampleSpec';
import { renderReference } from '../../engine/docs/referenceDocs';
import { loadPlugins } from '../../engine/plugins/registry';
import { runSpec, validateSpec } from '../helpers/runSpec';

const read = (path: string) => (row: Row) => row[path];
const evaluate = (source: string, row: Row = {}) => compileSafeExpression(source, read)(row);

/** The problem compiling `source` raises. */
function compileError(source: string): PluginOptionError {
  try {
    compileSafeExpression(source, read);
  } catch (err) {
    if (err instanceof PluginOptionError) return err;
    throw err;
  }
  throw new Error(`"${source}" compiled`);
}

/** The message of the row error evaluating `source` raises. */
function rowError(source: string, row: Row = {}): string {
  try {
    evaluate(source, row);
  } catch (err) {
    if (err instanceof RowError) return err.message;
    throw err;
  }
  throw new Error(`"${source}" evaluated`);
}

/** The 1-based line of `text` that holds `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

const spec = (columns: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  stringify({ name: 'additions', seed: 3, as_of: '2025-06-30', ...extra, tables: { items: { rows: { count: 4 }, columns } } });

describe('null', () => {
  test('is a value an expression can give', () => {
    expect(evaluate('null')).toBeNull();
    expect(evaluate('if a > 1 then a else null', { a: 0 })).toBeNull();
  });

  test('== and != ask whether the other side is null, a value no row has yet included', () => {
    expect(evaluate('a == null', { a: null })).toBe(true);
    expect(evaluate('a == null', {})).toBe(true);
    expect(evaluate('null == a', { a: 0 })).toBe(false);
    expect(evaluate('a != null', { a: '' })).toBe(true);
    expect(evaluate('a != null', { a: null })).toBe(false);
    expect(evaluate('null == null')).toBe(true);
  });

  test('ordering and arithmetic on null fail the row, as a null column does', () => {
    expect(rowError('a < null', { a: 1 })).toContain('Expected a number, but got a null instead');
    expect(rowError('a + 1', { a: null })).toContain('Expected a text or number, but got a null instead');
  });

  test('a quoted \'null\' is a name, as a quoted \'true\' is', () => {
    expect(evaluate("'null'", { null: 5 })).toBe(5);
  });
});

describe('pad and format', () => {
  test('pad fills on the left to the width, with "0" unless told', () => {
    expect(evaluate('pad(7, 3)')).toBe('007');
    expect(evaluate('pad(a, 5, " ")', { a: 'ab' })).toBe('   ab');
    expect(evaluate('pad(12345, 3)')).toBe('12345');
    expect(evaluate('"C-" + pad(n, 4)', { n: 42 })).toBe('C-0042');
  });

  test('format gives exactly the decimals asked for', () => {
    expect(evaluate('format(2.5, 2)')).toBe('2.50');
    expect(evaluate('format(2.345, 0)')).toBe('2');
    expect(evaluate('format(a, 3)', { a: -0.1 })).toBe('-0.100');
  });

  test('bad arguments fail the row with what is wrong', () => {
    expect(rowError('pad(a, 3)', { a: null })).toContain('pad: the value must be text or a number, not null');
    expect(rowError('pad(1, 2.5)')).toContain('pad: the width must be a whole number');
    expect(rowError('pad(1, 3, "ab")')).toContain('pad: the fill must be one character');
    expect(rowError('format("x", 2)')).toContain('format: the value must be a number, not string');
    expect(rowError('format(1, 21)')).toContain('format: decimals must be a whole number from 0 to 20');
  });

  test('pad never makes text longer than the value_length limit', () => {
    const limits = resolveLimits({ value_length: 10 });
    expect(compileSafeExpression('pad(1, 10)', read, limits)({})).toBe('0000000001');
    expect(() => compileSafeExpression('pad(1, 11)', read, limits)({})).toThrow('pad: width 11 is more than the value_length limit (10)');
    expect(rowError(`pad(1, ${resolveLimits().value_length + 1})`)).toContain('more than the value_length limit');
  });
});

describe('errors at their positions', () => {
  test('a call left open, a stray token and an unknown function are refused at compile time', () => {
    expect(compileError('pad(a, 3').message).toContain('the expression ends too early at column 9');
    expect(compileError('format(a 2)').message).toContain('unexpected "2" at column 10');
    const unknown = compileError('padd(a, 3)');
    expect(unknown.message).toContain('"padd", which is not a function of the expression language');
    expect(unknown.hint).toContain('pad');
  });

  test('validate points at the line of the expression', () => {
    const text = spec({ n: { type: 'integer', sequence: {} }, code: { type: 'text', expr: 'pad(n, 3' } });
    const problems = validateSpec(text);
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_BAD_EXPRESSION', line: lineOf(text, 'pad(n, 3') })]);
    expect(problems[0].message).toContain('the expression ends too early at column 9');
  });
});

describe('as_of and scale', () => {
  test('every expression reads the dataset\'s today and the scale factor', async () => {
    const run = await runSpec(
      spec({
        id: { type: 'integer', primary_key: true, sequence: {} },
        due: { type: 'date', expr: 'add_days(as_of, id)' },
        factor: { type: 'real', expr: 'scale * 2' },
      }),
      { scale: 0.5 },
    );
    try {
      // Half the rows at scale 0.5.
      expect(run.rows('items').map((row) => [row.due, row.factor])).toEqual([
        ['2025-07-01', 1],
        ['2025-07-02', 1],
      ]);
    } finally {
      run.close();
    }
  });

  test('a column named as_of or scale is read instead', async () => {
    const run = await runSpec(
      spec({
        scale: { type: 'integer', constant: 7 },
        as_of: { type: 'text', constant: 'mine' },
        read_back: { type: 'text', expr: 'as_of + " " + pad(scale, 2)' },
      }),
    );
    try {
      expect(run.rows('items').map((row) => row.read_back)).toEqual(['mine 07', 'mine 07', 'mine 07', 'mine 07']);
    } finally {
      run.close();
    }
  });

  test('they are expression names only: an unknown name still fails with the visible names', () => {
    const text = spec({ n: { type: 'integer', expr: 'scal + 1' } });
    expect(validateSpec(text)).toEqual([expect.objectContaining({ code: 'SPEC_UNKNOWN_NAME', line: lineOf(text, 'scal + 1') })]);
  });
});

describe('the reference', () => {
  const text = renderReference(loadPlugins());
  const section = text.split('\n## Expressions\n')[1].split('\n## ')[0];

  test('lists every function the compiler calls, the operators and the run\'s names', () => {
    for (const { signature, summary } of Object.values(EXPRESSION_FUNCTIONS)) expect(section).toContain(`| \`${signature}\` | ${summary.replace(/\|/g, '\\|')} |`);
    for (const op of ['`mod`', '`not in`', '`~=`', '`^`', '`if … then … else …`']) expect(section).toContain(op);
    for (const name of ['`as_of`', '`scale`', '`parent.column`', '`params.name`', '`context.field`', '`null`']) expect(section).toContain(name);
  });

  const drivers = [...loadPlugins().drivers.values()].filter((driver) => driver.fields);

  test.each(drivers.map((driver) => [driver.name, driver] as const))('the %s driver\'s section lists the fields it declares, and its example\'s rows read each', (name, driver) => {
    const driverSection = text.split(`\n### ${name}\n`)[1].split('\n### ')[0];
    const fixed = Object.keys(driver.fields!).filter((field) => !field.includes('<'));
    for (const field of Object.keys(driver.fields!)) expect(driverSection).toContain(`| \`${field}\` |`);
    const example = exampleSpec(driver) as { tables: Record<string, { columns: Record<string, unknown> }> };
    fixed.forEach((field, i) => (example.tables[EXAMPLE_TABLE].columns[`probe_${i}`] = { type: 'boolean', expr: `exists(${field})` }));
    expect(validateSpec(stringify(example))).toEqual([]);
  });

  test('its example runs', async () => {
    const run = await runSpec(stringify({ name: 'example', seed: 1, as_of: '2025-06-30', tables: { invoices: { rows: { count: 20 }, columns: EXPRESSION_EXAMPLE } } }));
    try {
      const rows = run.rows('invoices');
      expect(rows[0]).toMatchObject({ invoice_number: 1, due: '2025-07-30' });
      for (const row of rows) {
        expect(row.label).toBe(`INV-${String(row.invoice_number).padStart(6, '0')} for ${(row.amount as number).toFixed(2)}`);
        expect(row.note).toBe((row.amount as number) > 90 ? 'check' : null);
      }
    } finally {
      run.close();
    }
  });
});
