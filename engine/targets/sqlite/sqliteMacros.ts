import type { SqlMacros } from '../../sql/sqlMacros';

/** Dates are ISO text in SQLite: months are prefixes, arithmetic goes through julianday. */
export const SQLITE_MACROS: SqlMacros = {
  date: (value) => `date(${value})`,
  month: (value) => `substr(${value}, 1, 7)`,
  month_start: (value) => `(substr(${value}, 1, 7) || '-01')`,
  add_months: (date, months) => `date(${date}, (${months}) || ' months')`,
  days_between: (from, to) => `(julianday(${to}) - julianday(${from}))`,
};
