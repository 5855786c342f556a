import type { DatasetSpec } from '../spec/model';
import type { SpecPath } from '../spec/positions';

/** One SQL statement of a spec: where it is, and the names it may read besides the dataset's tables. */
export interface SpecSqlPiece {
  path: SpecPath;
  sql: string;
  /** Names that stand for tables in it: the `kpis.with:` queries, which KPI SQL reads as CTEs. */
  names?: string[];
}

/** The tables in the dataset's database: spec SQL may read these and no other. `write: false` tables are never written. */
export function writtenTables(spec: DatasetSpec): string[] {
  return Object.entries(spec.tables ?? {})
    .filter(([, table]) => table?.write !== false)
    .map(([name]) => name);
}

/** The `checks:` queries (a check is its SQL, or `{ sql, description }`). */
export function checkSqlPieces(spec: DatasetSpec): SpecSqlPiece[] {
  return Object.entries(spec.checks ?? {}).flatMap(([name, check]): SpecSqlPiece[] => {
    if (typeof check === 'string') return [{ path: ['checks', name], sql: check }];
    const sql = (check as { sql?: unknown } | null)?.sql;
    return typeof sql === 'string' ? [{ path: ['checks', name, 'sql'], sql }] : [];
  });
}

/** The `kpis:` queries: each `with:` query and each metric, reading the `with:` names as tables. */
export function kpiSqlPieces(spec: DatasetSpec): SpecSqlPiece[] {
  const kpis = spec.kpis as { with?: Record<string, unknown>; metrics?: Record<string, unknown> } | undefined;
  const shared = Object.entries(kpis?.with ?? {});
  const names = shared.map(([name]) => name);
  const pieces: SpecSqlPiece[] = shared.flatMap(([name, sql]) => (typeof sql === 'string' ? [{ path: ['kpis', 'with', name], sql, names }] : []));
  for (const [name, metric] of Object.entries(kpis?.metrics ?? {})) {
    if (typeof metric === 'string') pieces.push({ path: ['kpis', 'metrics', name], sql: metric, names });
    const sql = (metric as { sql?: unknown } | null)?.sql;
    if (typeof sql === 'string') pieces.push({ path: ['kpis', 'metrics', name, 'sql'], sql, names });
  }
  return pieces;
}

/** The `charts:` queries. */
export function chartSqlPieces(spec: DatasetSpec): SpecSqlPiece[] {
  return Object.entries(spec.charts ?? {}).flatMap(([name, chart]) => {
    const sql = (chart as { sql?: unknown } | null)?.sql;
    return typeof sql === 'string' ? [{ path: ['charts', name, 'sql'], sql }] : [];
  });
}
