/** The generated per-row code: columns in order under any name, output values in their places, the failing column named. */
import type { ColumnType, Row } from '../../engine/contract';
import type { CompiledColumn } from '../../engine/compile/column';
import { compileRowFiller } from '../../engine/compile/rowFiller';

const column = (name: string, generate: (row: Row) => unknown, type: ColumnType = 'text'): CompiledColumn => ({ name, type, generate, toOutput: (v) => `<${String(v)}>` });

test('columns are generated in order, each reading those before it, and written in output order', () => {
  const names = ['plain', 'with "quotes"', "it's", 'back\\slash', 'line\nbreak', '`${process.exit()}`', '__proto__x'];
  const columns = names.map((name, i) => column(name, (row) => (i === 0 ? 1 : (row[names[i - 1]] as number) + 1)));
  const position = { column: undefined as string | undefined };
  const fill = compileRowFiller(columns, [...columns].reverse(), position);
  const row: Row = {};
  const values: unknown[] = ['kept'];
  fill(row, values, 1);
  expect(names.map((n) => row[n])).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(values).toEqual(['kept', '<7>', '<6>', '<5>', '<4>', '<3>', '<2>', '<1>']);
  expect(position.column).toBeUndefined();
});

test('a generator that throws leaves its column as the position; unwritten chunks append nothing', () => {
  const position = { column: undefined as string | undefined };
  const fill = compileRowFiller(
    [
      column('a', () => 1),
      column('b', () => {
        throw new Error('no value');
      }),
    ],
    [],
    position,
  );
  const values: unknown[] = [];
  expect(() => fill({}, values, 0)).toThrow('no value');
  expect(position.column).toBe('b');
  expect(values).toEqual([]);
});

test('a table of 70,000 columns (more than a function takes parameters) fills in parts, in order', () => {
  const names = Array.from({ length: 70_000 }, (_, i) => `c${i}`);
  const columns = names.map((name, i) => column(name, (row) => (i === 0 ? 0 : (row[names[i - 1]] as number) + 1)));
  const fill = compileRowFiller(columns, columns.slice(-2), { column: undefined });
  const row: Row = {};
  const values: unknown[] = [];
  fill(row, values, 0);
  expect([row.c0, row.c69999]).toEqual([0, 69_999]);
  expect(values).toEqual(['<69998>', '<69999>']);
});
