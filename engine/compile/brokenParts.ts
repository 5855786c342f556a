import type { SpecPath } from '../spec/positions';

/**
 * The parts of a spec that failed validation (the schema, or their own compilation) and are
 * not compiled further: a part that reads one of them stops silently (FollowOnFault), so each
 * fault is reported once, at its own line, and everything else is still checked in the same pass.
 */
export class BrokenParts {
  /** Something every table may read (params, data, as_of, the tables map itself): nothing compiles. */
  spec = false;
  /** A check, KPI or chart: their SQL is not analysed. */
  sql = false;
  readonly tables = new Set<string>();
  readonly drivers = new Set<string>();
  readonly contexts = new Set<string>();
  private readonly columns = new Map<string, Set<string>>();

  /** Marks the smallest compiled part that holds the faulty spec node at `path`. */
  markPath(path: SpecPath): void {
    const [top, table, part, column] = path.map(String);
    if (top !== 'tables' || table === undefined) {
      if (top === 'checks' || top === 'kpis' || top === 'charts') this.sql = true;
      else this.spec = true;
    } else if (part === 'rows') this.drivers.add(table);
    else if (part === 'context') this.contexts.add(table);
    else if (part === 'columns' && column !== undefined) this.markColumn(table, column);
    else this.tables.add(table);
  }

  markColumn(table: string, column: string): void {
    if (!this.columns.has(table)) this.columns.set(table, new Set());
    this.columns.get(table)!.add(column);
  }

  hasColumn(table: string, column: string): boolean {
    return this.tables.has(table) || this.columns.get(table)?.has(column) === true;
  }

  /** Whether any part of `table` failed: its table-wide checks (keys, limits, cycles) would read the broken part. */
  touches(table: string): boolean {
    return this.tables.has(table) || this.drivers.has(table) || this.contexts.has(table) || (this.columns.get(table)?.size ?? 0) > 0;
  }
}

/** A fault that only follows from one already reported (a read of a broken part): its unit stops without a problem of its own. */
export class FollowOnFault extends Error {
  constructor(what: string) {
    super(`${what} failed validation`);
  }
}
