import type { Connection } from 'mysql2';
import type { TableDef } from '../target';
import type { TextConverter } from '../text/isoDateText';
import { InsertStatements } from './insertStatements';
import { runOn } from './mysqlSession';
import type { TableLoad } from './tableLoad';

/**
 * One table as multi-row INSERTs as large as max_allowed_packet, one statement
 * in flight while the caller encodes the next: for servers that refuse
 * `LOAD DATA LOCAL INFILE` (local_infile off).
 */
export class InsertLoad implements TableLoad {
  private readonly statements: InsertStatements;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly connection: Connection,
    table: TableDef,
    converters: readonly TextConverter[],
    maxStatementBytes: number,
  ) {
    this.statements = new InsertStatements(table, converters, maxStatementBytes);
  }

  write(values: readonly unknown[], rowCount: number): void | Promise<void> {
    if (this.failure) throw this.failure;
    const full = this.statements.add(values, rowCount);
    if (full.length) return this.send(full);
  }

  async finish(): Promise<void> {
    const last = this.statements.flush();
    if (last) void this.send([last]).catch(() => undefined);
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  async cancel(): Promise<void> {
    await this.inFlight;
  }

  private send(statements: string[]): Promise<void> {
    const previous = this.inFlight;
    const sent = previous.then(async () => {
      for (const statement of statements) if (!this.failure) await runOn(this.connection, statement);
    });
    this.inFlight = sent.catch((err: Error) => void (this.failure ??= err));
    return previous.then(() => {
      if (this.failure) throw this.failure;
    });
  }
}
