import type { CompiledTable } from '../compile/compileSpec';
import type { CompiledContext } from '../compile/context';
import { projectionOf } from '../compile/contextProjection';
import type { QueryValues, Target } from '../targets/target';

/**
 * The written values of the columns one context query projects (`SELECT id, total FROM t`,
 * keyed by t's primary key), kept as t is written, as the target would read them back.
 * Dropped as soon as one value would not read back as written: the query then runs.
 */
class KeptProjection {
  private values: unknown[][] | undefined;

  constructor(
    private readonly columns: string[],
    /** Each projected column's place among the written values of a row. */
    private readonly at: number[],
    private readonly readBack: ((value: unknown) => unknown)[],
    /** The projected column that is the key: never NULL in a result served from memory. */
    private readonly keyAt: number,
  ) {
    this.values = columns.map(() => []);
  }

  /** `rowCount` written rows of `width` values each. */
  keep(written: unknown[], rowCount: number, width: number): void {
    const values = this.values;
    if (!values) return;
    for (let j = 0; j < values.length; j++) {
      const kept = values[j];
      const readBack = this.readBack[j];
      for (let r = 0, i = this.at[j]; r < rowCount; r++, i += width) {
        const value = readBack(written[i]);
        if (value === undefined || (value === null && j === this.keyAt)) {
          this.values = undefined;
          return;
        }
        kept.push(value);
      }
    }
  }

  /** The query's result from the kept values (once: they are released), or undefined when they could not all be kept. */
  take(): QueryValues | undefined {
    const values = this.values;
    this.values = undefined;
    if (!values) return undefined;
    const rows = values[0]?.length ?? 0;
    return { columns: this.columns, rows: rowsOf(values, rows) };
  }
}

/**
 * Context queries the run answers from values it wrote instead of querying the target:
 * those that are exactly a projection of an earlier table's written columns, keyed by that
 * table's one-column primary key (unique, so the rows' order changes nothing), on a target
 * that says how its columns read values back, every row of the table written to it.
 */
export class ProjectedContexts {
  private readonly byTable = new Map<string, KeptProjection[]>();
  private readonly byContext = new Map<CompiledContext, KeptProjection>();

  constructor(tables: CompiledTable[], target: Target) {
    if (!target.readBack) return;
    const ran = new Map<string, CompiledTable>();
    for (const table of tables) {
      for (const context of table.context?.queries ?? []) {
        const projection = projectionOf(context.sql);
        const source = projection && ran.get(projection.table);
        if (!projection || !source?.written || source.def.primaryKey.length !== 1 || source.def.primaryKey[0] !== context.key) continue;
        const at = projection.columns.map((name) => source.def.columns.findIndex((column) => column.name === name));
        if (at.some((i) => i < 0) || !projection.columns.includes(context.key)) continue;
        const readBack = at.map((i) => target.readBack!(source.def.columns[i]));
        const kept = new KeptProjection(projection.columns, at, readBack, projection.columns.lastIndexOf(context.key));
        this.byContext.set(context, kept);
        this.byTable.set(source.name, [...(this.byTable.get(source.name) ?? []), kept]);
      }
      ran.set(table.name, table);
    }
  }

  /** The projections that keep values of this table's written rows. */
  keepersOf(table: string): KeptProjection[] {
    return this.byTable.get(table) ?? [];
  }

  /** The result of this context query from kept values, or undefined: run the query. */
  resultOf(context: CompiledContext): QueryValues | undefined {
    const kept = this.byContext.get(context);
    this.byContext.delete(context);
    return kept?.take();
  }
}

/**
 * The kept columns as rows, one array reused for every row: a context query's rows are read
 * once, each before the next (QueryValues), and a fresh array and iterator result per row
 * cost as much as the rest of loading them.
 */
function rowsOf(columns: unknown[][], rows: number): Iterable<unknown[]> {
  const row: unknown[] = columns.map(() => null);
  const result: IteratorResult<unknown[]> = { done: false, value: row };
  let r = 0;
  const iterator: Iterator<unknown[]> = {
    next() {
      if (r >= rows) return { done: true, value: undefined };
      for (let j = 0; j < columns.length; j++) row[j] = columns[j][r];
      r++;
      return result;
    },
  };
  return { [Symbol.iterator]: () => iterator };
}
