import type { SourceColumn } from '../sourceDatabase';
import { choiceOf, frequencies, isCategorical } from './choices';
import { dateMillis, formatDate } from './dates';
import { fitSmallNumbers } from './fitCounts';
import { describeFit, fitNumbers } from './fitNumbers';
import { decimalPlaces, thousands } from './numberFormat';
import { fitText } from './textGenerator';
import { largest, smallest } from './extremes';

/** A column's generator and what it was fitted on. */
export interface ColumnFit {
  generator: Record<string, unknown>;
  description: string;
}

export interface ColumnFacts {
  table: string;
  column: SourceColumn;
  /** The sample's non-NULL values. */
  values: unknown[];
  rowCount: number;
  /** A key column (primary or unique). */
  isKey: boolean;
  /** The table's one primary key column. */
  isPrimary: boolean;
  /** The user allows copying this column's real values. */
  keepValues: boolean;
}

/** The generator of one column from its sampled values, by type: numbers, dates, booleans, text. */
export function profileColumn(facts: ColumnFacts): ColumnFit {
  const { column, values } = facts;
  const kind = column.type.kind;
  const seen = `${thousands(values.length)} values`;
  if (values.length === 0) return withoutValues(facts);
  if (facts.keepValues) {
    const all = frequencies(values.map(plain));
    return { generator: choiceOf(all), description: `the real values, as asked (--keep-values): ${all.length} distinct of ${seen}` };
  }
  if (kind === 'boolean') {
    const trues = values.filter((v) => v === true || v === 1 || v === '1' || v === 't' || v === 'true').length;
    return { generator: { boolean: Number((trues / values.length).toFixed(4)) }, description: `true in ${thousands(trues)} of ${seen}` };
  }
  if (kind === 'integer' || kind === 'real' || kind === 'decimal') {
    const numbers = values.map(Number).filter(Number.isFinite);
    if (numbers.length > 0) return profileNumbers(facts, numbers);
  }
  if (kind === 'date' || kind === 'datetime') {
    const times = values.map(dateMillis).filter((t): t is number => t !== undefined);
    if (times.length > 0) {
      const withTime = kind === 'datetime';
      const from = formatDate(smallest(times), withTime);
      const to = formatDate(largest(times), withTime);
      return { generator: { date_between: { from, to } }, description: `evenly between the first and last of ${seen}` };
    }
  }
  const texts = values.map((v) => String(v));
  const all = frequencies(texts);
  if (!facts.isKey && isCategorical(all, texts.length)) return { generator: choiceOf(all), description: `${all.length} values, weighted as seen on ${seen}` };
  const length = column.type.kind === 'varchar' || column.type.kind === 'char' ? column.type.length : undefined;
  return fitText(facts.table, column.name, texts, length);
}

function profileNumbers(facts: ColumnFacts, numbers: number[]): ColumnFit {
  const kind = facts.column.type.kind;
  const wholeNumbers = kind === 'integer' || numbers.every(Number.isInteger);
  const seen = `${thousands(numbers.length)} values`;
  if (wholeNumbers && facts.isKey) {
    const sequence = sequenceOf(numbers, facts.rowCount);
    if (sequence) return { generator: { sequence }, description: `consecutive ids from ${sequence.start}${sequence.step === 1 ? '' : ` in steps of ${sequence.step}`}` };
    if (facts.isPrimary) {
      // Ids with irregular gaps: a sequence over the same range keeps them unique, which a random draw would not.
      const sorted = [...numbers].sort((a, b) => a - b);
      const step = Math.max(1, Math.round((sorted[sorted.length - 1] - sorted[0]) / Math.max(1, facts.rowCount - 1)));
      return { generator: { sequence: { start: sorted[0], step } }, description: `ids from ${sorted[0]} in steps of ${step}: the source's ids are spread over that range with irregular gaps` };
    }
  }
  const all = frequencies(numbers);
  if (!facts.isKey && isCategorical(all, numbers.length)) {
    const simple = wholeNumbers ? fitSmallNumbers(numbers) : undefined;
    if (simple) return simple;
    return { generator: choiceOf(all), description: `${all.length} values, weighted as seen on ${seen}` };
  }
  const decimals = kind === 'integer' ? 0 : kind === 'decimal' && facts.column.type.scale !== undefined ? Math.min(facts.column.type.scale, decimalPlaces(numbers)) : decimalPlaces(numbers);
  const fit = fitNumbers(numbers, decimals, wholeNumbers, kind === 'integer');
  return { generator: fit.generator, description: describeFit(fit) };
}

/**
 * Ids that run from their smallest to their largest in one step cover about as many values as
 * the table has rows: a `sequence`. The step is the greatest common divisor of the gaps seen.
 */
function sequenceOf(numbers: number[], rowCount: number): { start: number; step: number } | undefined {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  if (sorted.length < 2 || sorted.length !== numbers.length || rowCount < 2) return undefined;
  // The step the whole table would take from its first id to its last (a sample skips ids between).
  const step = Math.max(1, Math.round((sorted[sorted.length - 1] - sorted[0]) / (rowCount - 1)));
  if (sorted.some((x, i) => i > 0 && (x - sorted[i - 1]) % step !== 0)) return undefined;
  const covered = (sorted[sorted.length - 1] - sorted[0]) / step + 1;
  if (Math.abs(covered - rowCount) > 0.1 * rowCount + 1) return undefined;
  return { start: sorted[0], step };
}

/** A value as a choice can list it. */
function plain(value: unknown): string | number | boolean {
  return typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}

/** No value to learn from (an empty table, or a column always NULL): a plain generator of the type. */
function withoutValues(facts: ColumnFacts): ColumnFit {
  const { column } = facts;
  const none = facts.rowCount === 0 ? 'no rows to profile' : 'no value in the sample';
  if (!column.notNull && facts.rowCount > 0) return { generator: { constant: null }, description: `always NULL (${none})` };
  switch (column.type.kind) {
    case 'integer':
      return facts.isKey ? { generator: { sequence: {} }, description: `${none}: consecutive ids` } : { generator: { integer: { min: 0, max: 100 } }, description: `${none}: a placeholder range` };
    case 'real':
    case 'decimal':
      return { generator: { uniform: { min: 0, max: 100, round: column.type.scale ?? 2 } }, description: `${none}: a placeholder range` };
    case 'boolean':
      return { generator: { boolean: 0.5 }, description: `${none}: even odds` };
    case 'date':
    case 'datetime':
      return { generator: { date_between: { from: '2000-01-01', to: '2000-12-31' } }, description: `${none}: a placeholder year` };
    default: {
      const length = column.type.length ?? 20;
      return { generator: { faker: { method: 'string.alpha', args: [{ length: { min: 1, max: Math.min(length, 20) } }] } }, description: `${none}: random letters` };
    }
  }
}
