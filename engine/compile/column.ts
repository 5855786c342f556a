import type { ColumnType, RowFn } from '../contract';
import type { ColumnSpec } from '../spec/model';
import { compileDateFormat, DEFAULT_FORMATS, parseAbsoluteDate } from '../time/dates';
import { exactTypeOf, typeName, type ExactType } from './columnTypes';
import { roundDecimal } from './decimalRounding';
import { decimalOutput, isPortableDate, isPortableInteger, sizedTextOutput, UnportableValue } from './portableValues';
import type { TableScope } from './scope';

export interface CompiledColumn {
  name: string;
  type: ColumnType;
  /** The value inside the engine (dates as epoch ms). */
  generate: RowFn;
  /** The value as targets receive it (dates as text in the column's format, booleans as 1/0). */
  toOutput: (value: unknown) => unknown;
  /** A unique column's: lets a value drawn for a row that was then drawn again be drawn later. */
  forget?: (value: unknown) => void;
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
  const exact = exactTypeOf(spec);
  if (exact?.kind === 'decimal') generate = roundingDecimals(generate, exact.scale);
  let forget: ((value: unknown) => void) | undefined;
  if (spec.unique) ({ generate, forget } = distinct(name, generate));
  if (spec.null_probability) {
    const nulls = scope.stream(`${name}/null`);
    const p = spec.null_probability;
    const inner = generate;
    generate = (row) => (nulls.next() < p ? null : inner(row));
  }
  return { name, type: spec.type, generate, toOutput: outputFormat(name, spec), ...(forget && { forget }) };
}

/** A decimal column's row value is the value every target stores: later columns and tables read it rounded. */
function roundingDecimals(generate: RowFn, scale: number): RowFn {
  return (row) => {
    const value = generate(row);
    if (typeof value === 'number') return roundDecimal(value, scale);
    return isNumericText(value) ? roundDecimal(Number(value), scale) : value;
  };
}

/** Text dates from data files or constants become epoch ms, like generated dates. */
function parsingDates(generate: RowFn): RowFn {
  return (row) => {
    const value = generate(row);
    return typeof value === 'string' ? (parseAbsoluteDate(value) ?? value) : value;
  };
}

function distinct(name: string, inner: RowFn): { generate: RowFn; forget: (value: unknown) => void } {
  const seen = new Set<unknown>();
  const forget = (value: unknown) => seen.delete(value);
  const generate: RowFn = (row) => {
    for (let attempt = 0; attempt < UNIQUE_ATTEMPTS; attempt++) {
      const value = inner(row);
      if (value === null || !seen.has(value)) {
        seen.add(value);
        return value;
      }
    }
    throw new UniqueValuesExhausted(name, seen.size);
  };
  return { generate, forget };
}

/** A value its column's type cannot hold (a name in an integer column, a list anywhere): found as the row is written. */
export class ValueTypeMismatch extends Error {
  constructor(
    readonly column: string,
    readonly type: ColumnType,
    value: unknown,
    written: string = type,
  ) {
    super(`${column}: ${describeValue(value)} does not fit column type ${written}`);
  }

  get hint(): string {
    return `${this.type === 'integer' ? 'an' : 'a'} ${this.type} column holds ${EXPECTED[this.type]}: change the column's type, or its generator`;
  }
}

const EXPECTED: Record<ColumnType, string> = {
  integer: 'numbers',
  real: 'numbers',
  decimal: 'numbers',
  boolean: 'true/false (or 1/0)',
  date: 'dates (YYYY-MM-DD text or generated dates)',
  datetime: 'dates (YYYY-MM-DD HH:mm:ss text or generated dates)',
  text: 'text, numbers or dates',
};

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const isNumericText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v));

/**
 * Engine values as targets receive them. The common case is the first test of each branch;
 * a value the type cannot hold is refused (the rare branch, so the check costs nothing), and
 * so is a number or date some target would store differently (one comparison or two).
 */
function outputFormat(name: string, spec: ColumnSpec): (value: unknown) => unknown {
  const exact = exactTypeOf(spec);
  const mismatch = (v: unknown): never => {
    throw new ValueTypeMismatch(name, spec.type, v, typeName(spec.type, exact));
  };
  const unportable = (v: number): never => {
    throw UnportableValue.of(name, spec.type === 'date' || spec.type === 'datetime', v);
  };
  switch (spec.type) {
    case 'date':
    case 'datetime': {
      const format = compileDateFormat(spec.format ?? DEFAULT_FORMATS[spec.type]);
      // Text that parses as a date became epoch ms when generated: any other text is not a date.
      return (v) => (typeof v === 'number' ? (isPortableDate(v) ? format(v) : unportable(v)) : v === null || v === undefined ? null : mismatch(v));
    }
    case 'boolean':
      return (v) =>
        typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? (Number.isFinite(v) ? (v ? 1 : 0) : unportable(v)) : v === null || v === undefined ? null : v === 'true' || v === '1' ? 1 : v === 'false' || v === '0' ? 0 : mismatch(v);
    case 'integer':
      // Integer columns hold integers even when a distribution yields fractions; numeric text is left to the target.
      return (v) => (typeof v === 'number' ? (isPortableInteger(v) ? Math.round(v) : unportable(v)) : typeof v === 'boolean' ? (v ? 1 : 0) : v === null || v === undefined ? null : isNumericText(v) ? v : mismatch(v));
    case 'real':
      return (v) => (typeof v === 'number' ? (Number.isFinite(v) ? v : unportable(v)) : typeof v === 'boolean' ? (v ? 1 : 0) : v === null || v === undefined ? null : isNumericText(v) ? v : mismatch(v));
    case 'decimal': {
      const decimal = exact as Extract<ExactType, { kind: 'decimal' }>;
      const fits = decimalOutput(name, decimal.precision, decimal.scale);
      return (v) => (typeof v === 'number' ? (Number.isFinite(v) ? fits(v) : unportable(v)) : typeof v === 'boolean' ? (v ? 1 : 0) : v === null || v === undefined ? null : mismatch(v));
    }
    default: {
      const text = textOutput(mismatch, unportable);
      return exact?.kind === 'varchar' || exact?.kind === 'char' ? sizedTextOutput(name, exact.kind, exact.length, text) : text;
    }
  }
}

function textOutput(mismatch: (v: unknown) => never, unportable: (v: number) => never): (value: unknown) => unknown {
  return (v) => (typeof v === 'string' ? v : typeof v === 'number' ? (Number.isFinite(v) ? v : unportable(v)) : v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : mismatch(v));
}
