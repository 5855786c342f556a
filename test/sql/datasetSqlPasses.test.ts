import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSpec } from '../../engine/spec/load';
import { contextList } from '../../engine/spec/contextList';
import { analyzeSpecSql } from '../../engine/sql/gateSpecSql';
import type { SqlDialect } from '../../engine/sql/sqlDialect';
import { chartSqlPieces, checkSqlPieces, kpiSqlPieces, writtenTables } from '../../engine/sql/specSqlPieces';

const SPECS = resolve(__dirname, '../../specs');
const yamlIn = (folder: string) => readdirSync(join(SPECS, folder)).filter((f) => f.endsWith('.yaml')).map((f) => join(SPECS, folder, f));
const FILES = [join(SPECS, 'v15.yaml'), ...yamlIn('scenarios'), ...yamlIn('examples'), ...yamlIn('examples/guide')];
const DIALECTS: SqlDialect[] = ['sqlite', 'postgresql', 'mariadb'];

/** Every statement of a spec: its context queries, checks, KPIs and charts. */
function statements(file: string) {
  const { spec } = loadSpec(file, { allowPaths: [SPECS] });
  const contexts = Object.entries(spec.tables).flatMap(([table, t]) => contextList(t).map(({ spec: context, at }) => ({ path: ['tables', table, ...at, 'sql'], sql: context.sql, names: undefined as string[] | undefined })));
  return { readable: writtenTables(spec), pieces: [...contexts, ...checkSqlPieces(spec), ...kpiSqlPieces(spec), ...chartSqlPieces(spec)] };
}

describe("the project's own specs", () => {
  const withSql = FILES.filter((file) => statements(file).pieces.length > 0);

  it('hold SQL to analyse', () => {
    expect(withSql.map((file) => file.slice(SPECS.length + 1))).toEqual(expect.arrayContaining(['v15.yaml', 'scenarios/benchmarked.yaml', 'examples/gym.yaml', 'examples/shop.yaml']));
  });

  it.each(withSql.flatMap((file) => DIALECTS.map((dialect) => [file.slice(SPECS.length + 1), dialect, file])))('%s: every statement passes the analysis for %s', (_name, dialect, file) => {
    const { readable, pieces } = statements(file);
    const refused = pieces.flatMap((piece) => {
      try {
        analyzeSpecSql(piece.sql, dialect as SqlDialect, piece.names ? [...readable, ...piece.names] : readable);
        return [];
      } catch (err) {
        return [`${piece.path.join('.')}: ${(err as Error).message}`];
      }
    });
    expect(refused).toEqual([]);
  });
});

describe('ordinary SQL', () => {
  const ALL = DIALECTS;
  it.each<[string, SqlDialect[]]>([
    ['SELECT ROUND(CAST(AVG(x) AS numeric), 2) AS r FROM t', ALL],
    ['SELECT ROUND(AVG(x)::numeric, 2) FROM t', ['postgresql']],
    ['SELECT COUNT(DISTINCT a), COALESCE(SUM(x), 0) FROM t', ALL],
    ['SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY c DESC) AS n FROM t', ALL],
    ['SELECT SUM(x) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t', ALL],
    ['SELECT * FROM t WHERE a IN (SELECT a FROM u) AND EXISTS (SELECT 1 FROM u WHERE u.id = t.id)', ALL],
    ['SELECT x FROM t ORDER BY x LIMIT 10 OFFSET 5', ALL],
    ['SELECT EXTRACT(YEAR FROM d) FROM t', ['postgresql', 'mariadb']],
    ["SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s)", ['postgresql']],
    ['SELECT :as_of AS d, CAST(:as_of AS DATE) AS e', ALL],
    ["SELECT a FROM t WHERE d < DATE '2020-01-01'", ['postgresql', 'mariadb']],
    ['SELECT a FROM t GROUP BY a HAVING COUNT(*) > 1', ALL],
    ["SELECT a || '-' || b, 1.0 * a / NULLIF(b, 0) FROM t AS x", ALL],
    ['SELECT a FROM t WHERE a BETWEEN 1 AND 3 AND a NOT IN (1, 2) UNION SELECT a FROM u ORDER BY 1', ALL],
    ["SELECT a FROM t WHERE d >= CAST(:as_of AS date) - INTERVAL '30 days'", ['postgresql']],
    ["SELECT STRING_AGG(a, ','), date_trunc('month', MIN(d)) FROM t", ['postgresql']],
    ['SELECT GROUP_CONCAT(a) FROM t', ['sqlite', 'mariadb']],
    ["SELECT strftime('%Y', d), date(d, '+1 day', 'start of month') FROM t WHERE b IS NOT 'x'", ['sqlite']],
    ['SELECT a, COUNT(*) FILTER (WHERE b > 1) FROM t GROUP BY a', ['sqlite', 'postgresql']],
    ["SELECT CASE a WHEN 1 THEN 'one' ELSE 'other' END, -a, NOT (a = 1) FROM t t1 CROSS JOIN u", ALL],
    ['SELECT IF(a > 1, 1, 0), DATEDIFF(d, e), GREATEST(a, b) FROM t', ['mariadb']],
    ['WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT t.*, b.x FROM t, b', ALL],
    ['SELECT COUNT(*) AS n FROM "t";', ALL],
  ])('%s (%j)', (sql, dialects) => {
    for (const dialect of dialects) expect(() => analyzeSpecSql(sql, dialect, ['t', 'u'])).not.toThrow();
  });
});
