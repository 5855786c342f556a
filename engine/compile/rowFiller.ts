import type { Row, RowFn } from '../contract';
import type { CompiledColumn } from './column';

/** Fills one row: generates its columns in order and, when written, puts their output values at `values[offset…]`. */
export type RowFiller = (row: Row, values: unknown[], offset: number) => void;

/** The column a filler was generating when it threw: run-time errors name it. */
export interface FillerPosition {
  column: string | undefined;
}

/** Statements per generated function: V8 takes at most 65,535 parameters, and a table may have more columns than that. */
const STATEMENTS_PER_FUNCTION = 1000;

/**
 * A table's per-row work as code generated once per table: each column's generator
 * called from a call site of its own and stored under its name written out, the output
 * values formatted into their places. A loop over the columns reads and writes
 * the row by a variable name and calls every generator from one site, which V8 cannot
 * specialise: generating the benchmark's 1M rows took 35% longer that way
 * (docs/performance.md). Spec text enters the code only as JSON string literals.
 * A table of more than 1,000 columns gets one such function per 1,000 statements.
 */
export function compileRowFiller(columns: readonly CompiledColumn[], outputColumns: readonly CompiledColumn[], position: FillerPosition): RowFiller {
  const name = (column: CompiledColumn) => JSON.stringify(column.name);
  // Each statement as code around the parameter that brings its function in, if it calls one.
  const statements: { code: (fn: string) => string; fn?: RowFn | ((value: unknown) => unknown) }[] = [
    ...columns.map((column) => ({ code: (fn: string) => `at.column = ${name(column)};\nrow[${name(column)}] = ${fn}(row);`, fn: column.generate })),
    { code: () => 'at.column = undefined;' },
    ...outputColumns.map((column, i) => ({ code: (fn: string) => `values[offset + ${i}] = ${fn}(row[${name(column)}]);`, fn: column.toOutput })),
  ];
  const parts: RowFiller[] = [];
  for (let start = 0; start < statements.length; start += STATEMENTS_PER_FUNCTION) {
    const parameters: string[] = [];
    const functions: unknown[] = [];
    const body = statements.slice(start, start + STATEMENTS_PER_FUNCTION).map((statement) => {
      if (!statement.fn) return statement.code('');
      parameters.push(`f${parameters.length}`);
      functions.push(statement.fn);
      return statement.code(parameters[parameters.length - 1]);
    });
    const make = new Function('at', ...parameters, `return function fillRow(row, values, offset) {\n${body.join('\n')}\n};`) as (...args: unknown[]) => RowFiller;
    parts.push(make(position, ...functions));
  }
  if (parts.length === 1) return parts[0];
  return (row, values, offset) => {
    for (const part of parts) part(row, values, offset);
  };
}
