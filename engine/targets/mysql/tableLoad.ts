/** How one table's rows reach a MariaDB/MySQL server, from its first batch to its last. */
export interface TableLoad {
  /** Sends a batch; a promise when the caller should wait before the next. Throws the server's refusal of earlier rows. */
  write(values: readonly unknown[], rowCount: number): void | Promise<void>;
  /** Sends what is left and waits until every row is in, or throws the server's refusal. */
  finish(): Promise<void>;
  /** Stops sending; what was sent is thrown away with the staging database. */
  cancel(): Promise<void>;
}
