import type pg from 'pg';

/** Query results in the engine's terms, as SQLite gives them: numbers, dates as text, booleans as 1/0. */
const RESULT_PARSERS: Record<number, (text: string) => unknown> = {
  16: (text) => (text === 't' ? 1 : 0),
  20: Number,
  1700: Number,
  // CHAR(n) comes back padded to n; SQL's CHAR ignores trailing spaces, and the engine writes none.
  1042: (text) => text.replace(/ +$/, ''),
  1082: String,
  1114: String,
  1184: String,
};

/** The type parsers to pass with each query; the driver's own for every other type. */
export function engineResultTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return { getTypeParser: (oid: number, format?: string) => RESULT_PARSERS[oid] ?? types.getTypeParser(oid, format as 'text') } as pg.CustomTypesConfig;
}
