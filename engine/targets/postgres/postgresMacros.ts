import type { SqlMacros } from '../../sql/sqlMacros';

/** Arguments are cast first, so ISO text (a bound `:as_of`) works where a date does. */
export const POSTGRES_MACROS: SqlMacros = {
  date: (value) => `CAST(${value} AS date)`,
  month: (value) => `to_char(CAST(${value} AS timestamp), 'YYYY-MM')`,
  month_start: (value) => `CAST(date_trunc('month', CAST(${value} AS timestamp)) AS date)`,
  add_months: (date, months) => `CAST(CAST(${date} AS date) + (${months}) * INTERVAL '1 month' AS date)`,
  days_between: (from, to) => `(EXTRACT(EPOCH FROM CAST(${to} AS timestamp) - CAST(${from} AS timestamp)) / 86400.0)`,
};
