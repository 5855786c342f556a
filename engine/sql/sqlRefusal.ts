/** Why spec SQL is refused, and where: `offset` is in the SQL text that was analysed. */
export class SqlRefusal extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly hint: string = SPEC_SQL_HINT,
  ) {
    super(message);
  }
}

/** What spec SQL may be, in one line: the hint of most refusals. */
export const SPEC_SQL_HINT = "spec SQL is one SELECT (or WITH … SELECT) over the dataset's own tables, calling aggregate, window, math, text, date and null-handling functions (docs/security.md)";
