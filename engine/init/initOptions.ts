/** What `init --from` profiles, and which real values it may copy into the spec. */
export interface InitOptions {
  /** Only these tables (and no others); every table when omitted. */
  tables?: string[];
  /** Rows read per table (and parents per foreign key) to profile values: bounded on big tables. */
  sample: number;
  /** Columns (`table.column` or `column`) whose real values may be copied into the spec. */
  keepValues: string[];
}
