import type { ColumnType, RowFn } from '../contract';
import type { ColumnSpec } from '../spec/model';
import { compileDateFormat, DEFAULT_FORMATS, parseAbsoluteDate } from '../time/dates';
import type { TableScope } from './scope';

export interface CompiledColumn {
  name: string;
  type: ColumnType;
  /** The value inside the engine (dates as epoch ms). */
  generate: RowFn;
  /** The value as targets receive it (dates as text in the column's format, booleans as 1/0). */
  toOutput: (value: unknown) => unknown;
}

/** Draws before a unique column gives up: a sign the generator cannot make enough distinct values. */
const UNIQUE_ATTEMPTS = 100;

/** A unique column ran out of distinct values at run time. */
export class UniqueValuesExhausted extends Error {
  constructor(
    readonly column: string,
    readonly found: number,
  ) {
    super(`column "${column}" is unique, but after ${found} distinct values ${UNIQUE_ATTEMPTS} draws in a row repeated earlier values`);
  }
}

/** A column: its generator (with by/cases), then NULLs, uniqueness and output formatting. */
export function compileColumn(
  name: string,
  spec: ColumnSpec,
  compileGenerator: (spec: unknown, slot: string, type: ColumnType) => RowFn,
  scope: TableScope,
): CompiledColumn {
  let generate = compileGenerator(spec, name, spec.type);
  if (spec.type === 'date' || spec.type === 'datetime') generate = parsingDates(generate);
  if (spec.unique) generate = distinct(name, generate);
  if (spec.null_probability) {
    const nulls = scope.stream(`${name}/null`);
    const p = spec.null_probability;
    const inner = generate;
    generate = (row) => (nulls.next() < p ? null : inner(row));
  }
  return { name, type: spec.type, generate, toOutput: outputFormat(spec) };
}

/** Text dates from data files or constants become epoch ms, like generated dates. */
function parsingDates(generate: RowFn): RowFn {
  return (row) => {
    const value = generate(row);
    return typeof value === 'string' ? (parseAbsoluteDate(value) ?? value) : value;
  };
}

function distinct(name: string, generate: RowFn): RowFn {
  const seen = new Set<unknown>();
  return (row) => {
    for (let attempt = 0; attempt < UNIQUE_ATTEMPTS; attempt++) {
      const value = generate(row);
      if (value === null || !seen.has(value)) {
        seen.add(value);
        return value;
      }
    }
    throw new UniqueValuesExhausted(name, seen.size);
  };
}

function outputFormat(spec: ColumnSpec): (value: unknown) => unknown {
  switch (spec.type) {
    case 'date':
    case 'datetime': {
      const format = compileDateFormat(spec.format ?? DEFAULT_FORMATS[spec.type]);
      return (v) => (typeof v === 'number' ? (Number.isFinite(v) ? format(v) : null) : (v ?? null));
    }
    case 'boolean':
      return (v) => (v === null || v === undefined ? null : v ? 1 : 0);
    case 'integer':
      // Integer columns hold integers even when a distribution yields fractions.
      return (v) => (typeof v === 'number' ? Math.round(v) : typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null));
    default:
      return (v) => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);
  }
}
