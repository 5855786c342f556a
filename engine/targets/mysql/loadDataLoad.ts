import { PassThrough } from 'node:stream';
import type { Connection, ResultSetHeader } from 'mysql2';
import type { TableDef } from '../target';
import type { TextConverter } from '../text/isoDateText';
import { escapedText } from '../text/escapedText';
import { quoteName } from './insertStatements';
import type { TableLoad } from './tableLoad';

/** Batches buffered ahead of the server: the next one is encoded while the last is sent. */
const BUFFERED_BYTES = 1 << 22;

/** Warnings that mean a constraint refused a row (NOT NULL, duplicate key, foreign key): SQLSTATE 23000 as an INSERT would raise it. */
const CONSTRAINT_WARNINGS = new Set([1048, 1062, 1216, 1452, 1557, 1586]);

/**
 * One table as one `LOAD DATA LOCAL INFILE`, its "file" a stream of batches in
 * the server's own text format (see escapedText). A LOCAL load
 * turns refused rows into warnings and skips them, since the server cannot stop
 * the client's upload: `finish` fails the table on any warning or a row count
 * short of what was sent, so no row is ever lost silently.
 */
export class LoadDataLoad implements TableLoad {
  private readonly stream = new PassThrough({ highWaterMark: BUFFERED_BYTES });
  private readonly loaded: Promise<ResultSetHeader>;
  private failure: Error | undefined;
  private rowsSent = 0;

  constructor(
    private readonly connection: Connection,
    private readonly table: TableDef,
    private readonly converters: readonly TextConverter[],
  ) {
    const columns = table.columns.map((c) => quoteName(c.name)).join(', ');
    const sql =
      `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE ${quoteName(table.name)} CHARACTER SET utf8mb4 ` +
      `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns})`;
    this.loaded = new Promise((resolve, reject) =>
      connection.query<ResultSetHeader>({ sql, infileStreamFactory: () => this.stream }, (err, result) => (err ? reject(err) : resolve(result))),
    );
    // A refusal surfaces at the next write or at `finish`; meanwhile the upload stops.
    this.loaded.catch((err: Error) => {
      this.failure ??= err;
      this.stream.destroy();
    });
  }

  write(values: readonly unknown[], rowCount: number): void | Promise<void> {
    if (this.failure) throw this.failure;
    this.rowsSent += rowCount;
    if (this.stream.write(escapedText(values, rowCount, this.table.columns.length, this.converters))) return;
    return new Promise((resolve, reject) => {
      this.stream.once('drain', resolve);
      this.loaded.catch(reject);
    });
  }

  async finish(): Promise<void> {
    this.stream.end();
    const result = await this.loaded;
    if (result.warningStatus === 0 && result.affectedRows === this.rowsSent) return;
    const [warning] = await this.warnings();
    const refusal = new Error(
      `${this.rowsSent - result.affectedRows} of ${this.rowsSent} rows refused${warning ? `: ${warning.Message}` : ''}`,
    ) as Error & { sqlState?: string };
    if (warning && CONSTRAINT_WARNINGS.has(warning.Code)) refusal.sqlState = '23000';
    throw refusal;
  }

  /** Ends the upload rather than destroying it: the server may not have asked for the stream yet, and would wait for it. */
  async cancel(): Promise<void> {
    this.stream.end();
    await this.loaded.catch(() => undefined);
  }

  private warnings(): Promise<{ Code: number; Message: string }[]> {
    return new Promise((resolve, reject) => this.connection.query('SHOW WARNINGS LIMIT 1', (err, rows) => (err ? reject(err) : resolve(rows as { Code: number; Message: string }[]))));
  }
}
