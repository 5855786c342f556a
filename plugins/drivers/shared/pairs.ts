/** What cross_product and link share: the two sides of a pair, and drawing distinct right rows. */
import { GENERATOR_SPEC, type DriverContext, type OptionsSchema, type Row, type RowFn, type Stream, type TableHandle, RowError } from '../../../engine/contract';
import { weightedDistinct } from '../../generators/shared/distinctSample';
import { atOption } from '../../generators/shared/optionPath';
import { cumulativeWeights, pickWeighted } from '../../generators/shared/weightedPick';

export interface SideOptions {
  table: string;
  fields: string[];
}

export const sideSchema = (namespace: string, example: SideOptions): OptionsSchema => ({
  type: 'object',
  required: ['table', 'fields'],
  additionalProperties: false,
  description: `A table and the columns its rows show as \`${namespace}.<column>\`.`,
  properties: {
    table: { type: 'string', description: 'The table.', examples: [example.table] },
    fields: { type: 'array', items: { type: 'string' }, description: `Its columns that columns and expressions read as \`${namespace}.<column>\`.`, examples: [example.fields] },
  },
  examples: [example],
});

export const NUMBER_OR_GENERATOR = (description: string, examples: unknown[]): OptionsSchema => ({ anyOf: [{ type: 'number', minimum: 0 }, GENERATOR_SPEC], description, examples });

/** One side of the pairs: `show(i)` puts row i's fields into the namespace. */
export interface Side {
  table: TableHandle;
  show(index: number): void;
}

export function compileSide(ctx: DriverContext, namespace: string, options: SideOptions, at: string): Side {
  const fields = options.fields;
  const values = ctx.provide(namespace, fields);
  const table = atOption([at, 'table'], () => ctx.table(options.table, 'reference'));
  const readers = fields.map((field) => table.column(field));
  return {
    table,
    show(index) {
      for (let f = 0; f < fields.length; f++) {
        const value = readers[f](index);
        // Kept columns hold null for NULL; undefined means the table never had the column.
        if (value === undefined) throw new RowError(`${namespace}.fields: table "${table.name}" has no column "${fields[f]}"`);
        values[fields[f]] = value;
      }
    },
  };
}

/** A number, or a nested generator evaluated per row. */
export function numberOrGenerator(ctx: DriverContext, spec: number | Record<string, unknown>, slot: string): RowFn {
  return typeof spec === 'number' ? () => spec : atOption([slot], () => ctx.generator(spec, slot));
}

/** Tries per pick before drawing among the exact list of eligible rows. */
const ATTEMPTS = 16;

/**
 * Draws up to `count` distinct right rows, in proportion to `weight` (uniformly without),
 * among those `accept` takes (after `right.show`). Retries random rows first, then, when
 * eligible rows are rare, draws among the exact list: both give the same distribution.
 */
export function rightSampler(right: Side, weightColumn: string | undefined, accept: (() => boolean) | undefined, stream: Stream): (count: number) => number[] {
  const weightOf = weightColumn === undefined ? undefined : atOption(['weight'], () => right.table.column(weightColumn));
  // The right table has run by the first pick, not at compile time.
  let weights: Float64Array | undefined;
  let cumulative: Float64Array | undefined;
  const picked: number[] = [];
  const eligible: number[] = [];
  const eligibleTotals: number[] = [];
  const acceptable = (j: number): boolean => {
    if (weights![j] <= 0 || picked.includes(j)) return false;
    if (!accept) return true;
    right.show(j);
    return accept();
  };
  return (count) => {
    picked.length = 0;
    const size = right.table.size();
    if (size === 0 || count <= 0) return picked;
    if (!weights) {
      weights = new Float64Array(size);
      for (let j = 0; j < size; j++) {
        const value = weightOf ? Number(weightOf(j)) : 1;
        weights[j] = value > 0 ? value : 0;
      }
      cumulative = cumulativeWeights(weights);
    }
    if (!(cumulative![size - 1] > 0)) return picked;
    for (let k = 0; k < count; k++) {
      let found = -1;
      for (let attempt = 0; attempt < ATTEMPTS && found < 0; attempt++) {
        const j = pickWeighted(cumulative!, stream.next());
        if (acceptable(j)) found = j;
      }
      if (found < 0) {
        eligible.length = eligibleTotals.length = 0;
        let total = 0;
        for (let j = 0; j < size; j++) {
          if (!acceptable(j)) continue;
          total += weights[j];
          eligible.push(j);
          eligibleTotals.push(total);
        }
        if (!eligible.length) break;
        const target = stream.next() * total;
        let e = 0;
        while (e < eligible.length - 1 && eligibleTotals[e] <= target) e++;
        found = eligible[e];
      }
      picked.push(found);
    }
    return picked.sort((a, b) => a - b);
  };
}

/**
 * Draws up to `count` distinct right rows in proportion to `weight`, an expression evaluated for
 * every right row with the current left row shown, so the weights may vary with the left row:
 * O(right rows) per left row. Rows of weight 0 are never drawn (fewer rows when fewer weigh more).
 */
export function expressionSampler(right: Side, weight: RowFn, source: string, scratch: Row, stream: Stream): (count: number) => number[] {
  let weights: Float64Array | undefined;
  return (count) => {
    const size = right.table.size();
    if (size === 0 || count <= 0) return [];
    weights ??= new Float64Array(size);
    let positive = 0;
    for (let j = 0; j < size; j++) {
      right.show(j);
      const w = weight(scratch);
      if (typeof w !== 'number' || !(w >= 0) || w === Infinity) {
        throw new RowError(`weight "${source}" is ${JSON.stringify(w) ?? 'null'} for row ${j + 1} of table "${right.table.name}"; weights must be numbers ≥ 0`, 'make the weight expression give a finite number ≥ 0 for every pair');
      }
      weights[j] = w;
      if (w > 0) positive++;
    }
    return weightedDistinct(weights, Math.min(count, positive), stream).sort((a, b) => a - b);
  };
}

/** Left rows per chunk such that a chunk holds at most about chunkSize rows when each left row pairs with up to `rowsPerLeft` right rows. */
export function leftRowsPerChunk(ctx: DriverContext, rowsPerLeft: number): number {
  return Math.max(1, Math.floor(ctx.chunkSize / Math.max(1, rowsPerLeft)));
}
