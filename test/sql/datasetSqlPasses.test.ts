import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSpec } from '../../engine/spec/load';
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
  const contexts = Object.entries(spec.tables).flatMap(([table, t]) => (t.context ? [{ path: ['tables', table, 'context', 'sql'], sql: t.context.sql, names: undefined as string[] | undefined }] : []));
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
