import type { SqlDialect } from './sqlDialect';

/**
 * The functions spec SQL may call, per dialect: aggregates, window functions, math, text,
 * dates and null handling, the functions the `{{ macros }}` expand into among them. Left out
 * on purpose: anything that reads or writes files, other tables, settings or sessions
 * (pg_read_file, LOAD_FILE, load_extension, set_config, pg_terminate_backend, …), that waits
 * (pg_sleep, SLEEP, BENCHMARK), that reads the clock or draws at random (now, current_date,
 * random, sysdate: the dataset's today is `:as_of`), regular expressions, and text builders
 * whose size is an argument (repeat, lpad, printf), which a query could make a gigabyte long.
 */
const EVERYWHERE = [
  // aggregates
  'count', 'sum', 'avg', 'min', 'max',
  // window functions
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value',
  // math
  'abs', 'round', 'sign', 'sqrt', 'exp', 'ln', 'log', 'log10', 'power', 'pow', 'floor', 'ceil', 'ceiling', 'mod', 'pi',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'degrees', 'radians',
  // text
  'length', 'lower', 'upper', 'substr', 'substring', 'replace', 'trim', 'ltrim', 'rtrim', 'concat', 'concat_ws',
  // null handling
  'coalesce', 'nullif',
];

const BY_DIALECT: Record<SqlDialect, string[]> = {
  sqlite: [
    'total', 'group_concat',
    'log2', 'trunc',
    'instr', 'hex', 'char', 'unicode', 'typeof',
    'date', 'time', 'datetime', 'julianday', 'strftime', 'unixepoch',
    'ifnull', 'iif',
  ],
  postgresql: [
    'string_agg', 'bool_and', 'bool_or', 'every', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
    'corr', 'covar_pop', 'covar_samp', 'regr_slope', 'regr_intercept', 'regr_r2', 'regr_count',
    'cbrt', 'div', 'trunc', 'width_bucket', 'greatest', 'least',
    'strpos', 'split_part', 'left', 'right', 'initcap', 'reverse', 'char_length', 'character_length', 'btrim', 'translate', 'md5',
    'to_char', 'to_date', 'to_timestamp', 'to_number', 'date_trunc', 'date_part', 'make_date', 'make_interval',
    // a type name called as a function casts to it
    'date',
  ],
  mariadb: [
    'group_concat', 'std', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'bit_and', 'bit_or', 'bit_xor',
    'log2', 'truncate', 'greatest', 'least',
    'left', 'right', 'locate', 'instr', 'reverse', 'char_length', 'character_length', 'substring_index', 'md5',
    'date_format', 'date_add', 'date_sub', 'adddate', 'subdate', 'timestampdiff', 'timestampadd', 'datediff', 'str_to_date', 'last_day',
    'year', 'month', 'day', 'dayofmonth', 'dayofweek', 'dayofyear', 'week', 'weekday', 'quarter', 'hour', 'minute', 'second',
    'makedate', 'from_days', 'to_days', 'period_add', 'period_diff', 'date', 'time',
    'ifnull', 'if',
  ],
};

const ALLOWED: Record<SqlDialect, ReadonlySet<string>> = {
  sqlite: new Set([...EVERYWHERE, ...BY_DIALECT.sqlite]),
  postgresql: new Set([...EVERYWHERE, ...BY_DIALECT.postgresql]),
  mariadb: new Set([...EVERYWHERE, ...BY_DIALECT.mariadb]),
};

/** May spec SQL call this function (its unquoted name) in this dialect? */
export function isAllowedFunction(name: string, dialect: SqlDialect): boolean {
  return ALLOWED[dialect].has(name.toLowerCase());
}

/** SQLite's date functions, whose text arguments may ask for the clock or the machine's time zone. */
export const SQLITE_DATE_FUNCTIONS: ReadonlySet<string> = new Set(['date', 'time', 'datetime', 'julianday', 'strftime', 'unixepoch']);

/**
 * Text that dates read as the clock or the machine's time zone: `date('now')`,
 * `'today'::date`, `datetime(x, 'localtime')`. The dataset's today is `:as_of`.
 */
export const CLOCK_WORDS: ReadonlySet<string> = new Set(['now', 'today', 'tomorrow', 'yesterday', 'localtime', 'utc', 'current_timestamp', 'current_date', 'current_time']);

/** Type names (written as names rather than keywords) a CAST may name: the engine's column types in each dialect's spelling. */
export const CAST_TYPE_NAMES: ReadonlySet<string> = new Set([
  'integer', 'int', 'int2', 'int4', 'int8', 'bigint', 'smallint', 'real', 'float', 'float4', 'float8', 'double', 'numeric', 'decimal',
  'text', 'varchar', 'char', 'character', 'string', 'date', 'time', 'timestamp', 'datetime', 'boolean', 'bool', 'signed', 'unsigned', 'interval',
]);
