import type fc from 'fast-check';
import { stringify } from 'yaml';
import { drawn, type Draw } from './draw';
import { HOSTILE_NAME, type FuzzCase } from './specInvariants';

/**
 * Spec SQL cases: a small valid spec (customers, orders, an internal table; its output
 * SQLite or, for validate's analysis, a PostgreSQL or MariaDB server) whose
 * `context:`, `checks:`, `kpis:` and `charts:` SQL comes from a grammar of benign queries
 * (joins, CTEs, recursive CTEs, aggregates, window functions, CASE, subqueries, the
 * `{{ macros }}`, `:as_of`) with hostile pieces spliced in: second statements, comments
 * hiding statements, writes, server file and admin functions, other schemas, quoted names,
 * unbalanced quotes and macros, huge literals, deep nesting, endless recursion. Whatever
 * the hostile SQL would create is named HOSTILE_NAME, so the invariants can look for it.
 */
export function specSqlCase(): fc.Arbitrary<FuzzCase> {
  return drawn((draw) => {
    const sql = new SpecSql(draw);
    // A server target makes validate read the SQL as PostgreSQL or MariaDB; the case still runs into SQLite.
    return { files: { 'fuzz-spec.yaml': sql.specText() }, spec: 'fuzz-spec.yaml', queries: true, ...(draw.chance(0.4) ? { target: draw.one(SERVER_TARGETS) } : {}) };
  });
}

/** A written table: its columns by kind. */
interface Table {
  name: string;
  alias: string;
  numbers: string[];
  texts: string[];
  dates: string[];
}

const CUSTOMERS: Table = { name: 'customers', alias: 'c', numbers: ['customer_id'], texts: ['segment'], dates: ['signup_date'] };
const ORDERS: Table = { name: 'orders', alias: 'o', numbers: ['order_id', 'customer_id', 'amount'], texts: ['status'], dates: ['order_date'] };
const TABLES = [CUSTOMERS, ORDERS];

/** Statements that write, attach, change the session or the transaction, or reach the server's files and processes. */
const HOSTILE_STATEMENTS = [
  'DELETE FROM customers',
  'DROP TABLE orders',
  'UPDATE orders SET amount = 0',
  'INSERT INTO customers (customer_id) VALUES (999999)',
  `CREATE TABLE ${HOSTILE_NAME} (a INTEGER)`,
  `CREATE TABLE ${HOSTILE_NAME} AS SELECT * FROM customers`,
  `CREATE VIEW ${HOSTILE_NAME} AS SELECT 1`,
  `CREATE TRIGGER ${HOSTILE_NAME} AFTER INSERT ON orders BEGIN DELETE FROM customers; END`,
  `ATTACH DATABASE '${HOSTILE_NAME}.db' AS ${HOSTILE_NAME}`,
  `VACUUM INTO '${HOSTILE_NAME}.db'`,
  'VACUUM',
  'DETACH DATABASE main',
  'PRAGMA writable_schema = ON',
  'PRAGMA query_only = OFF',
  'PRAGMA journal_mode = DELETE',
  'PRAGMA foreign_keys = OFF',
  'REINDEX',
  'ANALYZE',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  `SAVEPOINT ${HOSTILE_NAME}`,
  'SET search_path = pg_catalog',
  'SET @x = 1',
  "SET SESSION sql_mode = ''",
  `COPY (SELECT 1) TO PROGRAM 'touch ${HOSTILE_NAME}'`,
  `COPY (SELECT 1) TO '${HOSTILE_NAME}.txt'`,
  "COPY customers FROM '/etc/hostname'",
  `SELECT 1 INTO OUTFILE '${HOSTILE_NAME}.txt'`,
  `SELECT 1 INTO DUMPFILE '${HOSTILE_NAME}.bin'`,
  "LOAD DATA INFILE '/etc/hostname' INTO TABLE customers",
  `SELECT load_extension('${HOSTILE_NAME}')`,
  'SELECT pg_terminate_backend(pg_backend_pid())',
  'DO $$ BEGIN PERFORM 1; END $$',
  `CALL ${HOSTILE_NAME}()`,
  'GRANT ALL ON customers TO PUBLIC',
  'KILL 1',
  'SHOW TABLES',
  'EXPLAIN SELECT 1',
];

/** Calls of server file, admin, sleep and side-effect functions, and of functions that break determinism. */
const HOSTILE_CALLS = [
  "pg_read_file('/etc/hostname')",
  "pg_ls_dir('.')",
  'pg_sleep(40)',
  'pg_terminate_backend(1)',
  "set_config('search_path', 'pg_catalog', false)",
  "current_setting('data_directory')",
  "lo_import('/etc/hostname')",
  "query_to_xml('SELECT 1', true, true, '')",
  "dblink('host=127.0.0.1', 'SELECT 1')",
  'version()',
  "LOAD_FILE('/etc/hostname')",
  'SLEEP(40)',
  "BENCHMARK(100000000, MD5('a'))",
  "GET_LOCK('x', 10)",
  '@@version',
  'USER()',
  `load_extension('${HOSTILE_NAME}')`,
  "readfile('/etc/hostname')",
  `writefile('${HOSTILE_NAME}.txt', 'x')`,
  "fts3_tokenizer('simple')",
  'sqlite_version()',
  'randomblob(100000000)',
  'zeroblob(100000000)',
  "printf('%.*c', 100000000, 'x')",
  "replace(hex(zeroblob(20000000)), '00', 'ab')",
  'random()',
  'changes()',
  'last_insert_rowid()',
  'now()',
  'CURRENT_DATE',
  'CURRENT_TIMESTAMP',
  "date('now')",
  "strftime('%s', 'now')",
  '(SELECT group_concat(name) FROM sqlite_master)',
  '(SELECT usename FROM pg_shadow LIMIT 1)',
  '(SELECT user FROM mysql.user LIMIT 1)',
  '(SELECT count(*) FROM information_schema.tables)',
];

/** Tables that are not the dataset's: catalogs, other schemas and databases, table-valued functions, the internal table, none at all. */
const HOSTILE_TABLES = [
  'sqlite_master',
  'sqlite_schema',
  'sqlite_temp_master',
  'main.customers',
  `temp.${HOSTILE_NAME}`,
  '"main"."customers"',
  "pragma_table_info('customers')",
  'pragma_database_list',
  "json_each('[1, 2, 3]')",
  'generate_series(1, 100000000)',
  'pg_catalog.pg_tables',
  'pg_shadow',
  '"pg_catalog"."pg_authid"',
  'information_schema.tables',
  'public.customers',
  'mysql.user',
  '`mysql`.`user`',
  'performance_schema.threads',
  'other_db.customers',
  'plans',
  'nope',
];

/** A dataset table's name as a spec might quote it (in every dialect's style, and in other cases). */
const quotedNames = (name: string) => [`"${name}"`, `\`${name}\``, `[${name}]`, `"${name[0].toUpperCase()}${name.slice(1)}"`, name.toUpperCase()];

/** Queries that run until something stops them: the query time limit must. */
const ENDLESS_QUERIES = [
  (a: string, b: string) => `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT max(i) AS ${a}, 0 AS ${b} FROM r`,
  (a: string, b: string) => `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000000000) SELECT count(*) AS ${a}, 0 AS ${b} FROM r`,
  (a: string, b: string) => `SELECT count(*) AS ${a}, 0 AS ${b} FROM ${Array.from({ length: 7 }, (_, i) => `customers c${i}`).join(', ')}`,
];

/** Server targets nothing listens at (the cases never connect: they run into SQLite). */
const SERVER_TARGETS = ['postgresql://fuzz@127.0.0.1:9/fuzz', 'mysql://fuzz@127.0.0.1:9/fuzz'];

type Columns = readonly [string, string];

/** Where a case puts SQL. */
type Slot = 'context' | 'check' | 'kpi_with' | 'kpi_metric' | 'chart';

/** One spec's SQL, drawn. */
class SpecSql {
  /** How hostile this case is: the chance that a piece of a query is replaced by a hostile one. */
  private readonly hostility: number;
  /** The tables the statement being drawn reads: a context query reads only the tables before its own. */
  private readable = TABLES;

  constructor(private readonly draw: Draw) {
    this.hostility = draw.one([0, 0, 0.02, 0.1, 0.3]);
  }

  specText(): string {
    const d = this.draw;
    const slots = new Set<Slot>(Array.from({ length: d.int(1, 4) }, () => d.one<Slot>(['context', 'context', 'check', 'check', 'kpi_with', 'kpi_metric', 'chart'])));
    const spec: Record<string, unknown> = {
      name: 'fuzz-sql',
      seed: 1,
      as_of: '2025-06-30',
      tables: {
        customers: {
          rows: { count: 12 },
          columns: {
            customer_id: { type: 'integer', primary_key: true, sequence: {} },
            segment: { type: 'text', choice: { consumer: 3, business: 1 } },
            signup_date: { type: 'date', date_between: { from: '2024-01-01', to: 'as_of' } },
          },
        },
        plans: { write: false, rows: { count: 3 }, columns: { plan_id: { type: 'integer', sequence: {} }, target: { type: 'real', uniform: { min: 1, max: 9 } } } },
        orders: {
          rows: { count: 30 },
          ...(slots.has('context') ? { context: { sql: this.contextStatement(), key: 'k', on: 'customer_id' } } : {}),
          columns: {
            order_id: { type: 'integer', primary_key: true, sequence: {} },
            customer_id: { type: 'integer', ref: 'customers.customer_id' },
            amount: { type: 'real', uniform: { min: 1, max: 500 } },
            status: { type: 'text', choice: { delivered: 8, cancelled: 1 } },
            order_date: { type: 'date', date_between: { from: '2024-06-01', to: 'as_of' } },
            ...(slots.has('context') ? { context_n: { type: 'real', expr: 'coalesce(context.n, 0)' } } : {}),
          },
        },
      },
    };
    if (slots.has('check')) {
      spec.checks = Object.fromEntries(
        Array.from({ length: d.int(1, 2) }, (_, i) => [`check_${i}`, d.chance(0.5) ? this.statement(['k', 'n']) : { description: 'drawn', sql: this.statement(['k', 'n']) }]),
      );
    }
    if (slots.has('kpi_with') || slots.has('kpi_metric')) {
      const shared = slots.has('kpi_with') ? { shared_0: this.statement(['k', 'n']) } : undefined;
      spec.kpis = {
        ...(shared ? { with: shared } : {}),
        metrics: {
          ...(shared ? { 'Shared Metric': 'SELECT k AS segment, n AS actual FROM shared_0' } : {}),
          ...(slots.has('kpi_metric') ? { 'Drawn Metric': { description: 'drawn', sql: this.statement(['segment', 'actual']) } } : {}),
        },
      };
    }
    if (slots.has('chart')) {
      const histogram = d.chance(0.2);
      spec.charts = { drawn_chart: { type: histogram ? 'histogram' : d.one(['line', 'bar', 'area', 'stacked_bar']), sql: this.statement(['x', 'y']), x: 'x', ...(histogram ? {} : { y: 'y' }) } };
    }
    return stringify(spec, { lineWidth: d.one([0, 80]) });
  }

  /** The context query of orders: it may read customers only. */
  private contextStatement(): string {
    this.readable = [CUSTOMERS];
    try {
      return this.statement(['k', 'n']);
    } finally {
      this.readable = TABLES;
    }
  }

  /** A whole statement returning the columns `names`: mostly benign, sometimes hostile whole or in part. */
  private statement(names: Columns): string {
    const d = this.draw;
    // Endless queries are rare: each costs the query time limit (2 s) when it is allowed to run.
    const sql = d.weighted<string>([
      [400, () => this.query(names, 3)],
      [2, () => d.one(ENDLESS_QUERIES)(...names)],
      [this.hostility > 0 ? 40 : 0, () => d.one(HOSTILE_STATEMENTS)],
    ]);
    return this.hostility > 0 && d.chance(0.5) ? this.splice(sql) : sql;
  }

  /** One hostile change to a statement's text. */
  private splice(sql: string): string {
    const d = this.draw;
    const at = d.int(0, sql.length);
    return d.weighted<string>([
      [6, () => `${sql}; ${d.one(HOSTILE_STATEMENTS)}`],
      [2, () => `${sql};`],
      [1, () => `${sql};;`],
      [3, () => `${sql} -- ; ${d.one(HOSTILE_STATEMENTS)}`],
      [3, () => `${sql} /* ; ${d.one(HOSTILE_STATEMENTS)} */`],
      [3, () => `/* ${d.one(HOSTILE_STATEMENTS)}; */ ${sql}`],
      [3, () => `${sql}; /* hidden */ ${d.one(HOSTILE_STATEMENTS)}`],
      [2, () => `${sql}\n-- ${d.one(HOSTILE_STATEMENTS)}`],
      [2, () => `${sql} # ; ${d.one(HOSTILE_STATEMENTS)}`],
      [2, () => `${sql} /*! INTO OUTFILE '${HOSTILE_NAME}.txt' */`],
      [2, () => `${sql} FOR UPDATE`],
      [1, () => `${sql} LOCK IN SHARE MODE`],
      [2, () => sql.replace(/\bFROM\b/, `INTO ${HOSTILE_NAME} FROM`)],
      [2, () => sql.replace(/\bSELECT\b/, 'SELECT @x := 1 AS x_var,')],
      [3, () => sql.slice(0, at) + d.one(["'", '"', '`', '{{', '}}', '{{ nope(x) }}', '{{ month(a, b) }}', '{{ month(', '(', ')', '/*', '$$', '\\', '\0', '\u2028']) + sql.slice(at)],
      [2, () => `${sql} AND '${'x'.repeat(d.size(300_000))}' <> ''`],
      [2, () => {
        const depth = d.size(20_000);
        return sql.replace(/\bSELECT\b/, `SELECT ${'('.repeat(depth)}1${')'.repeat(depth + d.int(-1, 1))} AS deep,`);
      }],
      [1, () => sql.replace(/\bSELECT\b/, `SELECT ${Array.from({ length: d.size(50_000) }, () => '1').join(' + ')} AS wide,`)],
      [1, () => `${sql} UNION ALL `.repeat(d.size(2_000)) + sql],
      [1, () => sql.slice(0, at)],
    ]);
  }

  /** A benign query whose result has the columns `names`; `depth` bounds nested queries. */
  private query(names: Columns, depth: number): string {
    const d = this.draw;
    const [a, b] = names;
    const nested = depth > 0 ? 1 : 0;
    const text = d.weighted<string>([
      [6, () => this.simple(names)],
      [6, () => this.aggregate(names)],
      [this.readable.length > 1 ? 5 : 0, () => this.join(names)],
      [3 * nested, () => `WITH q AS (${this.query(names, depth - 1)}) SELECT ${a}, ${b} FROM q${d.chance(0.5) ? ` WHERE ${b} IS NOT NULL` : ''}`],
      [2, () => `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ${d.int(1, 50)}) SELECT i AS ${a}, i * 2 AS ${b} FROM r`],
      [2, () => this.recursiveMonths(names)],
      [4, () => this.window(names)],
      [3 * nested, () => `SELECT q.${a} AS ${a}, q.${b} AS ${b} FROM (${this.query(names, depth - 1)}) q`],
      // Each side in a subquery: SQLite takes no WITH, ORDER BY or LIMIT inside a compound's parts.
      [2 * nested, () => `SELECT ${a}, ${b} FROM (${this.query(names, depth - 1)}) u1 UNION ALL SELECT ${a}, ${b} FROM (${this.query(names, depth - 1)}) u2`],
    ]);
    return d.chance(0.2) ? text.replace(/ (FROM|WHERE|GROUP BY|ORDER BY|JOIN|LEFT JOIN) /g, '\n  $1 ') : text;
  }

  private simple([a, b]: Columns): string {
    const d = this.draw;
    const t = d.one(this.readable);
    const where = d.chance(0.5) ? ` WHERE ${this.condition(t, 2)}` : '';
    const order = d.chance(0.3) ? ' ORDER BY 1' : '';
    const limit = d.chance(0.2) ? ` LIMIT ${d.int(0, 20)}` : '';
    return `SELECT ${this.value(t, 2)} AS ${a}, ${this.number(t, 2)} AS ${b} FROM ${this.tableRef(t)}${where}${order}${limit}`;
  }

  private aggregate([a, b]: Columns): string {
    const d = this.draw;
    const t = d.one(this.readable);
    const group = d.weighted<string>([
      [3, () => this.column(t, d.one([...t.texts, ...t.numbers]))],
      [2, () => `{{ month(${this.column(t, d.one(t.dates))}) }}`],
      [1, () => `CASE WHEN ${this.condition(t, 1)} THEN 'yes' ELSE 'no' END`],
    ]);
    const having = d.chance(0.3) ? ` HAVING ${this.aggregateCall(t)} > ${d.int(0, 5)}` : '';
    const where = d.chance(0.4) ? ` WHERE ${this.condition(t, 2)}` : '';
    return `SELECT ${group} AS ${a}, ${this.aggregateCall(t)} AS ${b} FROM ${this.tableRef(t)}${where} GROUP BY 1${having}`;
  }

  private join([a, b]: Columns): string {
    const d = this.draw;
    const on = d.weighted<string>([
      [3, () => `ON o.customer_id = c.customer_id`],
      [1, () => 'USING (customer_id)'],
      [1, () => `ON o.customer_id = c.customer_id AND o.order_date >= c.signup_date`],
    ]);
    const kind = d.one(['JOIN', 'LEFT JOIN', 'INNER JOIN']);
    const where = d.chance(0.4) ? ` WHERE ${this.condition(d.one(this.readable), 1)}` : '';
    return `SELECT c.${d.one(['customer_id', 'segment'])} AS ${a}, ${this.aggregateCall(ORDERS)} AS ${b} FROM ${this.tableRef(CUSTOMERS)} ${kind} ${this.tableRef(ORDERS)} ${on}${where} GROUP BY 1`;
  }

  private window([a, b]: Columns): string {
    const d = this.draw;
    const t = d.one(this.readable);
    const call = d.one(['ROW_NUMBER()', 'RANK()', 'DENSE_RANK()', `SUM(${this.column(t, d.one(t.numbers))})`, `LAG(${this.column(t, d.one(t.numbers))})`, 'COUNT(*)']);
    const partition = d.chance(0.6) ? `PARTITION BY ${this.column(t, d.one(t.texts))} ` : '';
    return `SELECT ${this.column(t, d.one(t.numbers))} AS ${a}, ${call} OVER (${partition}ORDER BY ${this.column(t, d.one(t.dates))}) AS ${b} FROM ${this.tableRef(t)}`;
  }

  /** The 12 months before `:as_of`'s, as v15's KPIs count them. */
  private recursiveMonths([a, b]: Columns): string {
    const t = this.draw.one(this.readable);
    return (
      `WITH RECURSIVE months AS (SELECT 1 AS n, {{ add_months({{ month_start(:as_of) }}, -1) }} AS month_start ` +
      `UNION ALL SELECT n + 1, {{ add_months(month_start, -1) }} FROM months WHERE n < 12) ` +
      `SELECT n AS ${a}, (SELECT COUNT(*) FROM ${t.name} WHERE {{ month(${t.dates[0]}) }} = {{ month(months.month_start) }}) AS ${b} FROM months`
    );
  }

  /** A table as the query names it, with its alias: the table, sometimes quoted, now and then one that is not the dataset's. */
  private tableRef(t: Table, alias = t.alias): string {
    const d = this.draw;
    if (d.chance(this.hostility)) return `${d.one(HOSTILE_TABLES)} ${alias}`;
    return `${d.chance(0.1) ? d.one(quotedNames(t.name)) : t.name} ${alias}`;
  }

  /** A column, qualified or not. */
  private column(t: Table, name: string): string {
    return this.draw.chance(0.5) ? `${t.alias}.${name}` : name;
  }

  private aggregateCall(t: Table): string {
    const d = this.draw;
    const n = this.column(t, d.one(t.numbers));
    return d.one(['COUNT(*)', `SUM(${n})`, `AVG(${n})`, `MIN(${n})`, `MAX(${n})`, `COUNT(DISTINCT ${n})`, `SUM(CASE WHEN ${this.condition(t, 1)} THEN 1 ELSE 0 END)`, `ROUND(AVG(${n}), 2)`, `TOTAL(${n})`]);
  }

  /** Any scalar: a number, text or date. */
  private value(t: Table, depth: number): string {
    const d = this.draw;
    return d.weighted<string>([
      [3, () => this.number(t, depth)],
      [2, () => this.textValue(t)],
      [1, () => this.date(t)],
    ]);
  }

  private number(t: Table, depth: number): string {
    const d = this.draw;
    if (d.chance(this.hostility)) return d.one([...HOSTILE_CALLS, ':nope', '?', '$1', '@x', '1e999', '9'.repeat(d.size(5_000)), "CAST('x' AS INTEGER)", '1 / 0']);
    const inner = () => this.number(t, depth - 1);
    return d.weighted<string>([
      [5, () => this.column(t, d.one(t.numbers))],
      [2, () => String(d.int(-5, 100))],
      [depth > 0 ? 2 : 0, () => `${inner()} ${d.one(['+', '-', '*'])} ${inner()}`],
      [depth > 0 ? 1 : 0, () => `${inner()} / NULLIF(${inner()}, 0)`],
      [depth > 0 ? 2 : 0, () => `CASE WHEN ${this.condition(t, depth - 1)} THEN ${inner()} ELSE ${inner()} END`],
      [depth > 0 ? 1 : 0, () => `COALESCE(${inner()}, 0)`],
      [depth > 0 ? 1 : 0, () => `ROUND(${inner()}, 2)`],
      [depth > 0 ? 1 : 0, () => `ABS(${inner()})`],
      [1, () => `LENGTH(${this.textValue(t)})`],
      [1, () => `CAST(${this.column(t, d.one(t.numbers))} AS INTEGER)`],
      [1, () => `{{ days_between(${this.date(t)}, :as_of) }}`],
      [1, () => `(SELECT COUNT(*) FROM ${this.tableRef(d.one(this.readable), 'sub')})`],
    ]);
  }

  private textValue(t: Table): string {
    const d = this.draw;
    return d.weighted<string>([
      [4, () => this.column(t, d.one(t.texts))],
      [1, () => `'${d.one(['consumer', 'business', "it''s", ''])}'`],
      [1, () => `UPPER(${this.column(t, d.one(t.texts))})`],
      [1, () => `substr(${this.column(t, d.one(t.texts))}, 1, 3)`],
      [1, () => `${this.column(t, d.one(t.texts))} || '-x'`],
      [2, () => `{{ month(${this.date(t)}) }}`],
    ]);
  }

  private date(t: Table): string {
    const d = this.draw;
    return d.weighted<string>([
      [4, () => this.column(t, d.one(t.dates))],
      [2, () => ':as_of'],
      [1, () => `{{ month_start(${this.column(t, d.one(t.dates))}) }}`],
      [1, () => `{{ add_months({{ month_start(:as_of) }}, -${d.int(1, 24)}) }}`],
      [1, () => `{{ date(${this.column(t, d.one(t.dates))}) }}`],
    ]);
  }

  private condition(t: Table, depth: number): string {
    const d = this.draw;
    const inner = () => this.condition(t, depth - 1);
    return d.weighted<string>([
      [3, () => `${this.number(t, 0)} ${d.one(['>', '<', '=', '<>', '>=', '<='])} ${d.int(0, 100)}`],
      [2, () => `${this.column(t, d.one(t.texts))} = '${d.one(['consumer', 'business', 'delivered'])}'`],
      [2, () => `${this.column(t, d.one(t.dates))} ${d.one(['<', '>='])} ${this.date(t)}`],
      [1, () => `${this.column(t, d.one([...t.numbers, ...t.texts, ...t.dates]))} IS ${d.one(['', 'NOT '])}NULL`],
      [1, () => `${this.column(t, d.one(t.numbers))} BETWEEN 1 AND ${d.int(1, 50)}`],
      [1, () => `${this.column(t, d.one(t.texts))} LIKE '${d.one(['c%', '%e%', '_'])}'`],
      [1, () => `customer_id IN (SELECT customer_id FROM ${this.tableRef(d.one(this.readable), 'sub')} WHERE customer_id > ${d.int(0, 10)})`],
      [1, () => `EXISTS (SELECT 1 FROM ${this.tableRef(d.one(this.readable), 'sub')} WHERE sub.customer_id = ${this.column(t, 'customer_id')})`],
      [depth > 0 ? 2 : 0, () => `(${inner()} ${d.one(['AND', 'OR'])} ${inner()})`],
      [depth > 0 ? 1 : 0, () => `NOT (${inner()})`],
    ]);
  }
}
