/**
 * Spec SQL a stranger could write, refused when the spec is validated for the dialect it
 * would run in: each attack is one SPEC_UNSAFE_SQL problem at the file:line:col of the part
 * refused, naming it. (specSqlServers.test.ts runs the same attacks against real servers.)
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { validate } from '../../engine/index';
import { gateSpecSql } from '../../engine/sql/gateSpecSql';
import type { SqlDialect } from '../../engine/sql/sqlDialect';
import { writeSpec } from '../helpers/runSpec';
import { attackSpec, type SqlPlace } from './attackSpecs';

/** What `validate --target` names for each dialect (nothing is connected to). */
const TARGETS: Record<SqlDialect, string | undefined> = { sqlite: undefined, postgresql: 'postgres://nobody@127.0.0.1:1/none', mariadb: 'mysql://nobody@127.0.0.1:1/none' };
const ALL: SqlDialect[] = ['sqlite', 'postgresql', 'mariadb'];

interface Attack {
  sql: string;
  /** The part refused: the problem is at its first occurrence. */
  at: string;
  message: RegExp;
  dialects?: SqlDialect[];
  place?: SqlPlace;
}

const ATTACKS: Record<string, Attack> = {
  // --- the list ---
  'COMMIT then COPY … TO PROGRAM after a query': { sql: 'SELECT 1 WHERE false;\nCOMMIT;\nCOPY (SELECT 1) TO PROGRAM \'id\'', at: 'COPY', message: /unexpected "COPY"/, dialects: ['postgresql'] },
  'COPY … TO a server file': { sql: "COPY (SELECT 1) TO '/tmp/hopify-copied'", at: 'COPY', message: /unexpected "COPY"/, dialects: ['postgresql'] },
  'a second statement that drops another schema\'s table': { sql: 'SELECT 1;\nDROP TABLE other.sentinel', at: 'DROP', message: /a second statement \(DROP TABLE\)/ },
  'a second statement that creates a table': { sql: 'SELECT 1;\nCREATE TABLE made (x int)', at: 'CREATE', message: /a second statement \(CREATE TABLE\)/ },
  'pg_read_file in a context query': { sql: "SELECT customer_id, pg_read_file('/etc/hostname') AS n\nFROM customers", at: 'pg_read_file', message: /function pg_read_file is not allowed/, dialects: ['postgresql'], place: 'context' },
  'pg_ls_dir as a table': { sql: "SELECT * FROM pg_ls_dir('.')", at: 'pg_ls_dir', message: /table-valued function pg_ls_dir is not allowed/, dialects: ['postgresql'], place: 'context' },
  'pg_ls_dir as a value': { sql: "SELECT pg_ls_dir('.') AS n", at: 'pg_ls_dir', message: /function pg_ls_dir is not allowed/, dialects: ['postgresql'] },
  'pg_shadow': { sql: 'SELECT usename, passwd\nFROM pg_shadow', at: 'pg_shadow', message: /table pg_shadow is not one of the dataset's tables/, dialects: ['postgresql'], place: 'context' },
  "another schema's table": { sql: 'SELECT * FROM other.sentinel', at: 'other.sentinel', message: /table other\.sentinel is not one of the dataset's tables/, place: 'context' },
  'pg_terminate_backend': { sql: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'x'", at: 'pg_terminate_backend', message: /function pg_terminate_backend is not allowed/, dialects: ['postgresql'] },
  'INTO OUTFILE': { sql: "SELECT customer_id FROM customers\nINTO OUTFILE '/tmp/hopify-outfile'", at: 'INTO', message: /INTO OUTFILE is not allowed/, dialects: ['mariadb'], place: 'context' },
  'INTO DUMPFILE': { sql: "SELECT 'x' INTO DUMPFILE '/tmp/hopify-dumpfile'", at: 'INTO', message: /INTO DUMPFILE is not allowed/, dialects: ['mariadb'] },
  LOAD_FILE: { sql: "SELECT customer_id, LOAD_FILE('/etc/hostname') AS n FROM customers", at: 'LOAD_FILE', message: /function LOAD_FILE is not allowed/, dialects: ['mariadb'], place: 'context' },
  'mysql.user': { sql: 'SELECT User, authentication_string FROM mysql.user', at: 'mysql.user', message: /table mysql\.user is not one of the dataset's tables/, dialects: ['mariadb'] },
  'another database': { sql: 'SELECT * FROM other_db.sentinel', at: 'other_db.sentinel', message: /not one of the dataset's tables/ },
  'DELETE in a check': { sql: 'DELETE FROM customers', at: 'DELETE', message: /DELETE is not allowed: spec SQL may only SELECT/ },
  'ATTACH in a check': { sql: "ATTACH DATABASE '/tmp/hopify-attached.db' AS x", at: 'ATTACH', message: /ATTACH DATABASE is not allowed/, dialects: ['sqlite'] },
  'VACUUM INTO in a check': { sql: "VACUUM INTO '/tmp/hopify-vacuumed.db'", at: 'VACUUM', message: /VACUUM INTO is not allowed/, dialects: ['sqlite'] },
  // --- and a wider table ---
  'statements hidden from the parser by its own comment': { sql: 'SELECT 1 /* sql-parser-cst-disable */; DROP TABLE customers; /* sql-parser-cst-enable */', at: '/*', message: /hides SQL from the analysis/ },
  'an executable comment': { sql: "SELECT 1 /*! , LOAD_FILE('/etc/hostname') */", at: '/*!', message: /MariaDB runs what it holds/ },
  'a -- comment MariaDB reads as code': { sql: "SELECT 1 --1, LOAD_FILE('/etc/hostname')", at: '--1', message: /MariaDB reads it as code/, dialects: ['mariadb'] },
  'a statement after a comment': { sql: '-- harmless\nDELETE FROM customers', at: 'DELETE', message: /DELETE is not allowed/ },
  pg_sleep: { sql: 'SELECT pg_sleep(40)', at: 'pg_sleep', message: /function pg_sleep is not allowed/, dialects: ['postgresql'], place: 'chart' },
  set_config: { sql: "SELECT set_config('search_path', 'other', false)", at: 'set_config', message: /function set_config is not allowed/, dialects: ['postgresql'] },
  dblink: { sql: "SELECT * FROM dblink('dbname=test', 'DROP TABLE x') AS t(a int)", at: 'dblink', message: /table-valued function dblink is not allowed/, dialects: ['postgresql'] },
  lo_import: { sql: "SELECT lo_import('/etc/hostname')", at: 'lo_import', message: /function lo_import is not allowed/, dialects: ['postgresql'], place: 'kpi' },
  query_to_xml: { sql: "SELECT query_to_xml('SELECT * FROM pg_shadow', true, true, '')", at: 'query_to_xml', message: /function query_to_xml is not allowed/, dialects: ['postgresql'] },
  'a schema-qualified allowed function': { sql: "SELECT pg_catalog.lower('X')", at: 'pg_catalog.lower', message: /function pg_catalog\.lower is not allowed/, dialects: ['postgresql'] },
  SLEEP: { sql: 'SELECT SLEEP(40)', at: 'SLEEP', message: /function SLEEP is not allowed/, dialects: ['mariadb'], place: 'chart' },
  BENCHMARK: { sql: "SELECT BENCHMARK(100000000, MD5('x'))", at: 'BENCHMARK', message: /function BENCHMARK is not allowed/, dialects: ['mariadb'] },
  information_schema: { sql: 'SELECT table_name\nFROM information_schema.tables', at: 'information_schema.tables', message: /table information_schema\.tables is not one of the dataset's tables/ },
  'pg_catalog, quoted': { sql: 'SELECT rolpassword FROM "pg_catalog"."pg_authid"', at: '"pg_catalog"', message: /table "pg_catalog"\."pg_authid" is not one of the dataset's tables/, dialects: ['sqlite', 'postgresql'] },
  'mysql.user, backquoted': { sql: 'SELECT * FROM `mysql`.`user`', at: '`mysql`', message: /table `mysql`\.`user` is not one of the dataset's tables/, dialects: ['mariadb'] },
  'mysql.user, double-quoted': { sql: 'SELECT * FROM "mysql"."user"', at: '"mysql"', message: /not one of the dataset's tables/, dialects: ['mariadb'] },
  'a quoted function name': { sql: 'SELECT "LOAD_FILE"(\'/etc/hostname\')', at: '"LOAD_FILE"', message: /quoted function name/, dialects: ['mariadb'] },
  'sqlite_master': { sql: 'SELECT sql FROM sqlite_master', at: 'sqlite_master', message: /table sqlite_master is not one of the dataset's tables/, dialects: ['sqlite'] },
  'main. and temp. names': { sql: 'SELECT * FROM customers c\nJOIN main.customers m USING (customer_id)', at: 'main.customers', message: /table main\.customers is not one of the dataset's tables/, dialects: ['sqlite'] },
  'an internal (write: false) table': { sql: 'SELECT score FROM internal_scores', at: 'internal_scores', message: /table internal_scores is not one of the dataset's tables/, place: 'context' },
  'PRAGMA in a check': { sql: 'PRAGMA writable_schema = 1', at: 'PRAGMA', message: /PRAGMA is not allowed/, dialects: ['sqlite'] },
  'a table-valued PRAGMA': { sql: "SELECT * FROM pragma_table_info('customers')", at: 'pragma_table_info', message: /table-valued function pragma_table_info is not allowed/, dialects: ['sqlite'] },
  'SELECT … INTO a new table': { sql: 'SELECT customer_id INTO copied FROM customers', at: 'INTO', message: /SELECT … INTO a table is not allowed/, dialects: ['postgresql'] },
  'SELECT … INTO a variable': { sql: 'SELECT customer_id INTO @kept FROM customers', at: 'INTO', message: /SELECT … INTO variables is not allowed/, dialects: ['mariadb'] },
  'a variable assignment': { sql: 'SELECT @kept := customer_id FROM customers', at: '@kept', message: /the operator := is not allowed/, dialects: ['mariadb'] },
  'FOR UPDATE': { sql: 'SELECT customer_id FROM customers\nFOR UPDATE', at: 'FOR UPDATE', message: /locking clause/, dialects: ['postgresql', 'mariadb'] },
  'LOCK IN SHARE MODE': { sql: 'SELECT customer_id FROM customers LOCK IN SHARE MODE', at: 'LOCK', message: /LOCK IN SHARE MODE is not allowed/, dialects: ['mariadb'] },
  'a write inside WITH': { sql: 'WITH gone AS (DELETE FROM customers RETURNING customer_id)\nSELECT * FROM gone', at: 'DELETE', message: /DELETE is not allowed in WITH/, dialects: ['postgresql'] },
  load_extension: { sql: "SELECT load_extension('/tmp/evil.so')", at: 'load_extension', message: /function load_extension is not allowed/, dialects: ['sqlite'] },
  randomblob: { sql: 'SELECT randomblob(8) AS n', at: 'randomblob', message: /function randomblob is not allowed/, dialects: ['sqlite'] },
  'random()': { sql: 'SELECT customer_id, random() AS n FROM customers', at: 'random', message: /function random is not allowed/, place: 'context' },
  'now()': { sql: 'SELECT now()', at: 'now', message: /function now is not allowed/, dialects: ['postgresql', 'mariadb'] },
  current_timestamp: { sql: 'SELECT current_timestamp', at: 'current_timestamp', message: /function current_timestamp is not allowed/, dialects: ['sqlite', 'postgresql'] },
  "date('now')": { sql: "SELECT date('now')", at: "'now'", message: /'now' reads the clock/, dialects: ['sqlite'] },
  "'today'::date": { sql: "SELECT 'today'::date", at: "'today'", message: /'today' reads the clock/, dialects: ['postgresql'] },
  'a cast to a catalog type': { sql: "SELECT CAST('pg_shadow' AS regclass)", at: 'regclass', message: /the type regclass is not allowed/, dialects: ['postgresql'] },
  'generate_series as a table': { sql: 'SELECT * FROM generate_series(1, 1000000000)', at: 'generate_series', message: /table-valued function generate_series is not allowed/, dialects: ['postgresql'] },
  'SHOW': { sql: 'SHOW TABLES', at: 'SHOW', message: /not allowed|unexpected/, dialects: ['mariadb'] },
  'EXPLAIN': { sql: 'EXPLAIN SELECT 1', at: 'EXPLAIN', message: /EXPLAIN is not allowed/ },
  'TABLE': { sql: 'TABLE customers', at: 'TABLE', message: /TABLE is not allowed/, dialects: ['postgresql', 'mariadb'] },
  'a refused function inside a macro': { sql: "SELECT {{ month(pg_read_file('/etc/hostname')) }} AS m", at: 'pg_read_file', message: /function pg_read_file is not allowed/, dialects: ['postgresql'] },
  'text a server without standard_conforming_strings would end elsewhere': { sql: "SELECT 'a\\', pg_read_file('/etc/hostname') --'", at: "'a", message: /a backslash in plain text is not allowed/, dialects: ['postgresql'] },
  // The 17th grouping parenthesis is refused (`(x` marks it): the parser backtracks exponentially on an error deep inside them.
  'nesting past the parser': { sql: `SELECT ${'('.repeat(16)}(x${'('.repeat(3000)}1${')'.repeat(3017)}`, at: '(x', message: /nests parentheses more than 16 deep/ },
  'an unclosed parenthesis deep inside others': { sql: `SELECT ${'('.repeat(16)}(x${'('.repeat(20)}1${')'.repeat(36)} AS deep FROM customers`, at: '(x', message: /nests parentheses more than 16 deep/ },
  'a macro bomb': { sql: `SELECT ${'{{ month(signup_date) }}, '.repeat(500)}{{ month(signup_date) }} AS m FROM customers`, at: '{{ month(signup_date) }} AS m', message: /more than 500 \{\{ macros \}\}/ },
  'text that does not parse': { sql: 'SELECT customer_id FROM customers ORDER BY WHERE', at: 'WHERE', message: /not .* SQL the engine can read/, place: 'check' },
};

const PLACES: SqlPlace[] = ['check', 'context', 'kpi', 'chart'];

describe('spec SQL attacks, refused at validation', () => {
  const cases = Object.entries(ATTACKS).flatMap(([name, attack], i) => (attack.dialects ?? ALL).map((dialect) => [name, dialect, attack, attack.place ?? PLACES[i % PLACES.length]] as const));

  it.each(cases)('%s (%s)', (_name, dialect, attack, place) => {
    const spec = attackSpec(place, attack.sql);
    const file = writeSpec(spec.text);
    try {
      const problems = validate(file, { target: TARGETS[dialect] });
      expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_UNSAFE_SQL', path: spec.path, message: expect.stringMatching(attack.message), file, ...spec.at(attack.at) })]);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });
});

describe('the gate the targets and readers call', () => {
  it('returns the SQL to send: macros expanded for the dialect, comments blanked', () => {
    expect(gateSpecSql('SELECT {{ month(signup) }} AS m -- a note\nFROM customers', 'postgresql', ['customers'])).toBe("SELECT to_char(CAST(signup AS timestamp), 'YYYY-MM') AS m          \nFROM customers");
  });

  it('sends MariaDB the double-quoted names it analysed, backquoted', () => {
    expect(gateSpecSql('SELECT "segment" FROM "customers"', 'mariadb', ['customers'])).toBe('SELECT `segment` FROM `customers`');
  });

  it('refuses with the refused part quoted, for callers that know no position', () => {
    expect(() => gateSpecSql("SELECT 1 FROM customers, pg_ls_dir('.')", 'postgresql', ['customers'])).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ code: 'SPEC_UNSAFE_SQL', message: expect.stringContaining('table-valued function pg_ls_dir is not allowed (at "pg_ls_dir(\'.\')")') })] }),
    );
  });

  it('lets a query read only the tables it is given and its own CTEs', () => {
    const sql = 'WITH RECURSIVE n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n, customers';
    expect(() => gateSpecSql(sql, 'sqlite', ['customers'])).not.toThrow();
    expect(() => gateSpecSql(sql, 'sqlite', ['orders'])).toThrow(/table customers is not one of the dataset's tables/);
  });

  it("keeps a CTE's name out of the CTEs before it, as the databases resolve it without RECURSIVE", () => {
    expect(() => gateSpecSql('WITH a AS (SELECT * FROM pg_shadow), pg_shadow AS (SELECT 1 AS x) SELECT * FROM a', 'postgresql', ['customers'])).toThrow(/table pg_shadow is not one/);
    expect(() => gateSpecSql('SELECT * FROM (SELECT * FROM secret) s, (WITH secret AS (SELECT 1 AS x) SELECT * FROM secret) t', 'postgresql', [])).toThrow(/table secret is not one/);
  });

  it('compares names as each database does: PostgreSQL folds unquoted names, MariaDB takes them as written', () => {
    expect(() => gateSpecSql('SELECT * FROM CUSTOMERS', 'postgresql', ['customers'])).not.toThrow();
    expect(() => gateSpecSql('SELECT * FROM "CUSTOMERS"', 'postgresql', ['customers'])).toThrow(/not one of the dataset's tables/);
    expect(() => gateSpecSql('SELECT * FROM CUSTOMERS', 'mariadb', ['customers'])).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ hint: 'MariaDB compares table names as written: write "customers"' })] }));
    expect(() => gateSpecSql('SELECT * FROM Orders', 'postgresql', ['Orders'])).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ hint: 'PostgreSQL reads unquoted names in lower case: write "Orders"' })] }));
    expect(() => gateSpecSql('SELECT * FROM CUSTOMERS', 'sqlite', ['customers'])).not.toThrow();
  });
});

describe('positions in every way YAML writes a statement', () => {
  const spec = (sqlLines: string) => `name: attack\nseed: 1\nas_of: 2025-06-30\ntables:\n  customers:\n    rows: { count: 5 }\n    columns:\n      customer_id: { type: integer, primary_key: true, sequence: {} }\nchecks:\n${sqlLines}`;

  it.each([
    ['plain', "  bad: SELECT customer_id FROM customers WHERE pg_sleep(1) IS NULL\n", 10, 48],
    ['double-quoted, with escapes', '  bad: "SELECT \\"customer_id\\" FROM customers\\nWHERE pg_sleep(1) IS NULL"\n', 10, 54],
    ["single-quoted, with ''", "  bad: 'SELECT ''x'' FROM customers WHERE pg_sleep(1) IS NULL'\n", 10, 43],
    ['folded', '  bad: >\n    SELECT customer_id\n    FROM customers\n\n    WHERE pg_sleep(1) IS NULL\n', 14, 11],
    ['literal, more indented', '  bad: |\n    SELECT customer_id\n      FROM customers\n      WHERE pg_sleep(1) IS NULL\n', 13, 13],
    ['folded, in a map', '  bad:\n    description: slow\n    sql: >-\n      SELECT customer_id\n      FROM customers WHERE pg_sleep(1) IS NULL\n', 14, 28],
  ])('%s', (_style, lines, line, col) => {
    const file = writeSpec(spec(lines));
    try {
      expect(validate(file, { target: TARGETS.postgresql })).toEqual([expect.objectContaining({ code: 'SPEC_UNSAFE_SQL', message: 'function pg_sleep is not allowed', line, col })]);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });

  it('falls back to the statement when its text came from elsewhere (--set)', () => {
    const file = writeSpec(spec('  bad: SELECT customer_id FROM customers\n'));
    try {
      expect(validate(file, { target: TARGETS.postgresql, set: ['checks.bad=SELECT pg_sleep(1)'] })).toEqual([
        expect.objectContaining({ code: 'SPEC_UNSAFE_SQL', message: 'function pg_sleep is not allowed', line: 10, col: 8 }),
      ]);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });
});
