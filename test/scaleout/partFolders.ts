import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT } from '../helpers/cli';

export type Format = 'csv' | 'parquet';

/** Runs the real CLI without blocking, so the shards of a test run side by side as on N machines. */
export function cliAsync(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'hopify-engine.js'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (data) => (stderr += data));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** The files DuckDB reads as `table`: the single run's `<table>.<ext>`, or every part of `<table>/`. */
export function tableGlob(folder: string, table: string, format: Format): string {
  const single = join(folder, `${table}.${format}`);
  return existsSync(single) ? single : join(folder, table, `*.${format}`);
}

/** The tables of an output folder, whichever layout it has. */
export function tablesIn(folder: string, format: Format): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || entry.name.endsWith(`.${format}`)))
    .map((entry) => entry.name.replace(`.${format}`, ''))
    .sort();
}

/** A row as one line of text (CSV fields as written, Parquet values typed). */
const asLine = (row: Record<string, unknown>): string => JSON.stringify(Object.values(row), (_, v) => (typeof v === 'bigint' ? v.toString() : v));

/** Reads output folders through DuckDB, as a warehouse would. */
export class PartReader {
  private constructor(private readonly instance: DuckDBInstance) {}

  static async open(): Promise<PartReader> {
    return new PartReader(await DuckDBInstance.create(':memory:'));
  }

  close(): void {
    this.instance.closeSync();
  }

  /** Every row as one line of text (CSV fields as written, Parquet values typed), sorted: equal dumps mean equal rows. */
  async canonicalRows(folder: string, table: string, format: Format): Promise<string[]> {
    const rows = await this.query(`SELECT * FROM ${this.source(folder, table, format)}`);
    return rows.map(asLine).sort();
  }

  /**
   * Rows of `table` that one folder holds more often than the other, both ways, at most `shown`
   * of each: every row counted +1 in `expected` and -1 in `actual`, grouped by all its values
   * (NULL equal to NULL); a row whose count is not 0 differs. None means the same rows, found by
   * reading each folder once, without bringing hundreds of thousands of rows into JavaScript.
   */
  async rowsNotIn(expected: string, actual: string, table: string, format: Format, shown = 5): Promise<{ missing: string[]; extra: string[] }> {
    const rows = await this.query(
      `WITH counted AS (SELECT *, 1 AS hopify_side FROM ${this.source(expected, table, format)} UNION ALL SELECT *, -1 FROM ${this.source(actual, table, format)})
       SELECT * EXCLUDE (hopify_side), sum(hopify_side) AS hopify_surplus FROM counted GROUP BY ALL HAVING sum(hopify_side) <> 0 LIMIT ${2 * shown}`,
    );
    const lines = (surplus: (n: number) => boolean) =>
      rows.filter((row) => surplus(Number(row.hopify_surplus))).slice(0, shown).map(({ hopify_surplus: _, ...row }) => asLine(row));
    return { missing: lines((n) => n > 0), extra: lines((n) => n < 0) };
  }

  async rowCount(folder: string, table: string, format: Format): Promise<number> {
    const [row] = await this.query(`SELECT count(*) AS n FROM ${this.source(folder, table, format)}`);
    return Number(row.n);
  }

  private source(folder: string, table: string, format: Format): string {
    const files = `'${tableGlob(folder, table, format).replace(/'/g, "''")}'`;
    return format === 'parquet' ? `read_parquet(${files})` : `read_csv(${files}, header = true, all_varchar = true)`;
  }

  private async query(sql: string): Promise<Record<string, unknown>[]> {
    const connection = await this.instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
    }
  }
}
