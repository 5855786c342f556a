import type { Row, RowFn } from '../contract';
import type { CompiledColumn } from './column';

/** Fills one row: generates its columns in order and, when written, puts their output values at `values[offset…]`. */
export type RowFiller = (row: Row, values: unknown[], offset: number) => void;

/** The column a filler was generating when it threw: run-time errors name it. */
export interface FillerPosition {
  column: string | undefined;
}

/**
 * A table's per-row work as code generated once per table: each column's generator
 * called from a call site of its own and stored under its name written out, the output
 * values formatted into their places. A loop over the columns reads and writes
 * the row by a variable name and calls every generator from one site, which V8 cannot
 * specialise: generating the benchmark's 1M rows took 35% longer that way
 * (docs/performance.md). Spec text enters the code only as JSON string literals.
 */
export function compileRowFiller(columns: readonly CompiledColumn[], outputColumns: readonly CompiledColumn[], position: FillerPosition): RowFiller {
  const name = (column: CompiledColumn) => JSON.stringify(column.name);
  const body = columns.map((column, i) => `at.column = ${name(column)};\nrow[${name(column)}] = generate${i}(row);`);
  body.push('at.column = undefined;');
  outputColumns.forEach((column, i) => body.push(`values[offset + ${i}] = output${i}(row[${name(column)}]);`));
  const parameters = ['at', ...columns.map((_, i) => `generate${i}`), ...outputColumns.map((_, i) => `output${i}`)];
  const make = new Function(...parameters, `return function fillRow(row, values, offset) {\n${body.join('\n')}\n};`) as (...args: unknown[]) => RowFiller;
  return make(position, ...columns.map((c): RowFn => c.generate), ...outputColumns.map((c) => c.toOutput));
}
