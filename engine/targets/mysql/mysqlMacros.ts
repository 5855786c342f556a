import type { SqlMacros } from '../../sql/sqlMacros';

/** MariaDB/MySQL read ISO text as dates wherever a date is expected. */
export const MYSQL_MACROS: SqlMacros = {
  date: (value) => `CAST(${value} AS DATE)`,
  month: (value) => `DATE_FORMAT(${value}, '%Y-%m')`,
  month_start: (value) => `CAST(DATE_FORMAT(${value}, '%Y-%m-01') AS DATE)`,
  add_months: (date, months) => `CAST(DATE_ADD(${date}, INTERVAL (${months}) MONTH) AS DATE)`,
  days_between: (from, to) => `(TIMESTAMPDIFF(SECOND, ${from}, ${to}) / 86400.0)`,
};
