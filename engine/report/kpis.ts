import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError, type Problem, type ProblemCode } from '../errors/problem';
import { loadPlugins } from '../plugins/registry';
import { loadSpec, type LoadOptions, type LoadedSpec } from '../spec/load';
import { formatPath, type SpecPath } from '../spec/positions';
import { specOutput } from '../spec/specOutput';
import { closest, suggestName } from '../spec/suggest';
import { validateAgainstSchema } from '../spec/validateSchema';
import { sqlDialectOf, type SqlDialect } from '../sql/sqlDialect';
import { kpiSqlPieces, writtenTables } from '../sql/specSqlPieces';
import { specSqlProblems } from '../sql/specSqlProblem';
import { openDatabase, type DatabaseReader } from './database';

/**
 * The `kpis:` section of a spec: named SQL per metric, and where the targets are.
 *
 *   kpis:
 *     targets: { table: benchmarks, metric: metric_name, segment: segment, value: target_value, period: target_period, id: benchmark_id, note: note }
 *     with: { months: "SELECT …" }          # named SELECTs every metric reads as tables
 *     metrics:
 *       Monthly Churn Target (%): { description: …, note: "why its gaps are large", sql: "SELECT segment, … AS actual FROM …" }
 */
export interface KpisSpec {
  targets?: KpiTargets;
  with?: Record<string, string>;
  metrics: Record<string, KpiMetricSpec>;
}

/** Column names of the targets table (a table the spec writes). */
export interface KpiTargets {
  table: string;
  metric: string;
  value: string;
  segment?: string;
  period?: string;
  id?: string;
  note?: string;
}

export type KpiMetricSpec = string | { sql: string; description?: string; note?: string };

/** `ok`: target and actual; the others say which is missing. `no metric` and `no value` fail the report. */
export type KpiStatus = 'ok' | 'no metric' | 'no value' | 'no target';

export interface KpiRow {
  /** The target row's id column, when `targets.id` names one. */
  id?: unknown;
  metric: string;
  segment: string | null;
  period: string | null;
  target: number | null;
  actual: number | null;
  /** actual − target. */
  difference: number | null;
  /** (actual − target) / |target| × 100; null when the target is 0. */
  differencePercent: number | null;
  status: KpiStatus;
  description?: string;
  /** Why a target is not measured, e.g. the closest metric name to a missing one. */
  note?: string;
  /** The spec's note on the metric's gaps (`kpis.metrics.<name>.note`). */
  metricNote?: string;
  /** The target row's own note (the column `kpis.targets.note` names). */
  targetNote?: string;
}

export interface KpiReport {
  spec: string;
  name: string;
  database: string;
  asOf: string;
  rows: KpiRow[];
  summary: { rows: number; targets: number; measured: number; noMetric: number; noValue: number; noTarget: number };
}

export interface KpiReportOptions extends LoadOptions {
  /** The database: a SQLite file or a server URL; defaults to the spec's `output`, then `out/<name>.db`. */
  db?: string;
  /** The schema (PostgreSQL) or database (MariaDB/MySQL) of a server URL to read. */
  schema?: string;
  /** Overrides the spec's `as_of` (YYYY-MM-DD): the `:as_of` of every query. */
  asOf?: string;
  /** Cancels the query that runs (SIGINT, SIGTERM); `limits.query_seconds` bounds each. */
  signal?: AbortSignal;
}

/** `as_of` when a spec has none: the same default the compiler uses. */
const DEFAULT_AS_OF = '2025-01-01';

/** Loads a spec, opens its database read-only and measures every KPI against its targets. */
export async function reportKpis(file: string, options: KpiReportOptions = {}): Promise<KpiReport> {
  const loaded = loadSpec(file, options);
  const schemaProblems = validateAgainstSchema(loaded, loadPlugins());
  if (schemaProblems.length) throw new UserError(schemaProblems);
  const kpis = kpisOf(loaded, reportSqlDialect(loaded, options));
  const asOf = reportAsOf(loaded, options);
  const reader = await openReportDatabase(loaded, file, options);
  try {
    return await measureKpis(loaded, kpis, reader, asOf, file);
  } finally {
    await reader.close();
  }
}

/** The `:as_of` of report queries: `--as-of`, else the spec's; throws UserError when it is not a date. */
export function reportAsOf(loaded: LoadedSpec, options: KpiReportOptions): string {
  const asOf = options.asOf ?? loaded.spec.as_of ?? DEFAULT_AS_OF;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(asOf))) {
    throw new UserError([problemAt(loaded, 'SPEC_BAD_DATE', ['as_of'], `as_of "${asOf}" is not a date`, 'write YYYY-MM-DD')]);
  }
  return String(asOf);
}

/** Every KPI of a loaded spec measured in an open database. */
export async function measureKpis(loaded: LoadedSpec, kpis: KpisSpec, reader: DatabaseReader, asOf: string, file: string): Promise<KpiReport> {
  const rows = await measure(loaded, kpis, reader, { as_of: asOf });
  return { spec: file, name: loaded.spec.name, database: reader.location, asOf, rows, summary: summarize(rows) };
}

/** The dialect of the database a report reads (`--db`, else the spec's output): its SQL is analysed for it. */
export function reportSqlDialect(loaded: LoadedSpec, options: KpiReportOptions): SqlDialect {
  return sqlDialectOf(options.db ?? loaded.spec.output);
}

/** The spec's `kpis:`, checked against the tables it writes and analysed for `dialect`; throws UserError listing every problem. */
export function kpisOf(loaded: LoadedSpec, dialect: SqlDialect): KpisSpec {
  const kpis = loaded.spec.kpis as KpisSpec | undefined;
  if (!kpis || !kpis.metrics || Object.keys(kpis.metrics).length === 0) {
    throw new UserError([
      problemAt(loaded, 'SPEC_SCHEMA', ['kpis'], 'the spec has no KPIs to report', 'add a `kpis:` section with `metrics:` (named SQL returning `actual`), and `targets:` naming the table of targets'),
    ]);
  }
  const problems = specSqlProblems(loaded, kpiSqlPieces(loaded.spec), dialect, writtenTables(loaded.spec));
  const targets = kpis.targets;
  if (targets) {
    const table = loaded.spec.tables?.[targets.table];
    const written = writtenTables(loaded.spec);
    if (!table || table.write === false) {
      const why = table ? `table "${targets.table}" is internal (write: false): it is not in the database` : `no table "${targets.table}"`;
      problems.push(problemAt(loaded, 'SPEC_UNKNOWN_TABLE', ['kpis', 'targets', 'table'], why, suggestName(targets.table, written, 'table')));
    } else {
      const columns = Object.keys(table.columns ?? {});
      for (const key of ['metric', 'value', 'segment', 'period', 'id', 'note'] as const) {
        const column = targets[key];
        if (column !== undefined && !columns.includes(column)) {
          problems.push(problemAt(loaded, 'SPEC_UNKNOWN_COLUMN', ['kpis', 'targets', key], `table "${targets.table}" has no column "${column}"`, suggestName(column, columns, 'column')));
        }
      }
    }
  }
  if (problems.length) throw new UserError(problems);
  return kpis;
}

/** The spec's database for a report (`--db`, else the spec's output, else out/<name>.db), opened read-only. */
export async function openReportDatabase(loaded: LoadedSpec, spec: string, options: KpiReportOptions): Promise<DatabaseReader> {
  const where = options.db ?? specOutput(loaded.spec, loaded.file);
  const named = options.db !== undefined;
  if (/^(csv|parquet|text|tsv|jsonl?):/i.test(where)) {
    throw new UserError([
      { code: 'TARGET_UNREACHABLE', message: `${where} holds files, not a database: KPIs need SQL`, path: named ? '' : 'output', hint: `run the spec into a SQLite file and name it: hopify-engine report ${spec} --db <file>` },
    ]);
  }
  const isServer = /^(postgres|postgresql|mysql):\/\//i.test(where);
  if (!isServer && !existsSync(resolve(where.replace(/^file:/i, '')))) {
    throw new UserError([
      {
        code: 'TARGET_UNREACHABLE',
        message: `database ${where} does not exist`,
        path: '',
        hint: `run it first: hopify-engine run ${spec} --out ${where}${named ? '' : ' (or name another file with --db)'}`,
      },
    ]);
  }
  return openDatabase(where, { schema: options.schema, tables: writtenTables(loaded.spec), limits: options.limits, signal: options.signal });
}

const metricPath = (name: string, metric: KpiMetricSpec): SpecPath => (typeof metric === 'string' ? ['kpis', 'metrics', name] : ['kpis', 'metrics', name, 'sql']);
const sqlOf = (metric: KpiMetricSpec): string => (typeof metric === 'string' ? metric : metric.sql);

export function problemAt(loaded: LoadedSpec, code: ProblemCode, path: SpecPath, message: string, hint?: string): Problem {
  return { code, message, path: formatPath(path), ...loaded.positions.find(path), ...(hint ? { hint } : {}) };
}

/** Trailing semicolons would end the statement the metric is wrapped in. */
const trimSql = (sql: string): string => sql.trim().replace(/;\s*$/, '').trimEnd();

/** Leading comments, then `WITH [RECURSIVE]`: a metric's own common table expressions join the shared ones. */
const LEADING_WITH = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*with\s+(?:recursive\s+)?/i;

/** A metric's SQL with the `with:` queries before it, as common table expressions. */
export function withShared(views: [string, string][], sql: string): string {
  const body = trimSql(sql);
  if (views.length === 0) return body;
  const shared = `WITH RECURSIVE ${views.map(([name, view]) => `"${name}" AS (\n${trimSql(view)}\n)`).join(',\n')}`;
  const own = LEADING_WITH.exec(body);
  return own ? `${shared},\n${body.slice(own[0].length)}` : `${shared}\n${body}`;
}

interface TargetRow {
  id?: unknown;
  metric: string;
  segment: string | null;
  period: string | null;
  value: number | null;
  note: string | null;
}

async function measure(loaded: LoadedSpec, kpis: KpisSpec, reader: DatabaseReader, params: Record<string, unknown>): Promise<KpiRow[]> {
  const targets = kpis.targets ? await readTargets(loaded, kpis.targets, reader) : [];
  const views = Object.entries(kpis.with ?? {});

  // Each shared query alone first, so a fault in one is reported there and not in every metric.
  for (let i = 0; i < views.length; i++) {
    const [name] = views[i];
    try {
      await reader.query(withShared(views.slice(0, i + 1), `SELECT * FROM "${name}" LIMIT 0`), params);
    } catch (err) {
      // The queries after it read it: the first fault is the one to fix.
      throw new UserError([sqlProblem(loaded, ['kpis', 'with', name], `shared query "${name}"`, err)]);
    }
  }

  const problems: Problem[] = [];
  const results = new Map<string, Record<string, unknown>[]>();
  for (const [name, metric] of Object.entries(kpis.metrics)) {
    const path = metricPath(name, metric);
    try {
      const rows = await reader.query(withShared(views, sqlOf(metric)), params);
      const columns = rows.length ? Object.keys(rows[0]) : [];
      if (rows.length && !columns.includes('actual')) {
        problems.push(problemAt(loaded, 'SPEC_BAD_OPTION', path, `KPI "${name}" returns no "actual" column (it returns ${columns.join(', ')})`, 'name the measured value `AS actual`, and its segment `AS segment`'));
      } else if (kpis.targets?.segment && rows.length > 1 && !columns.includes('segment')) {
        problems.push(problemAt(loaded, 'SPEC_BAD_OPTION', path, `KPI "${name}" returns ${rows.length} rows but no "segment" column to match the targets by`, 'return one row per segment, the segment `AS segment`'));
      } else {
        results.set(name, rows);
      }
    } catch (err) {
      problems.push(sqlProblem(loaded, path, `KPI "${name}"`, err));
    }
  }
  if (problems.length) throw new UserError(problems);

  const out: KpiRow[] = [];
  const matched = new Map<string, Set<Record<string, unknown>>>();
  for (const target of targets) {
    const metric = Object.hasOwn(kpis.metrics, target.metric) ? kpis.metrics[target.metric] : undefined;
    const base = {
      ...(target.id !== undefined ? { id: target.id } : {}),
      metric: target.metric,
      segment: target.segment,
      period: target.period,
      target: target.value,
      ...(target.note !== null ? { targetNote: target.note } : {}),
    };
    if (metric === undefined) {
      const guess = closest(target.metric, Object.keys(kpis.metrics));
      const note = `no metric of that name in kpis.metrics${guess ? `; did you mean "${guess}"?` : ''}`;
      out.push({ ...base, actual: null, difference: null, differencePercent: null, status: 'no metric', note });
      continue;
    }
    const rows = results.get(target.metric)!.filter((row) => matches(row, target));
    if (rows.length > 1) {
      const path = metricPath(target.metric, metric);
      const what = [target.segment !== null && `segment "${target.segment}"`, target.period !== null && 'period' in rows[0] && `period "${target.period}"`].filter(Boolean).join(', ');
      problems.push(problemAt(loaded, 'SPEC_BAD_OPTION', path, `KPI "${target.metric}" returns ${rows.length} rows for ${what || 'its target'}`, 'return one row per segment (and period)'));
      continue;
    }
    const used = matched.get(target.metric) ?? new Set();
    rows.forEach((row) => used.add(row));
    matched.set(target.metric, used);
    const row = compare(base, rows.length ? numberOf(rows[0].actual) : null, metric);
    if (row.status === 'no value') row.note = rows.length ? 'its query returned no number for this target' : 'its query returned no row for this target';
    out.push(row);
  }
  if (problems.length) throw new UserError(problems);

  // Rows the metrics measure that no target asks for: shown, without a target.
  for (const [name, rows] of results) {
    const used = matched.get(name);
    for (const row of rows) {
      if (used?.has(row)) continue;
      const segment = 'segment' in row && row.segment !== null ? String(row.segment) : null;
      const period = 'period' in row && row.period !== null ? String(row.period) : null;
      const actual = numberOf(row.actual);
      out.push({ metric: name, segment, period, target: null, actual, difference: null, differencePercent: null, status: 'no target', ...aboutMetric(kpis.metrics[name]) });
    }
  }
  return out;
}

async function readTargets(loaded: LoadedSpec, targets: KpiTargets, reader: DatabaseReader): Promise<TargetRow[]> {
  const q = (column: string) => `"${column.replace(/"/g, '""')}"`;
  const select = [
    `${q(targets.metric)} AS metric`,
    `${q(targets.value)} AS value`,
    targets.segment ? `${q(targets.segment)} AS segment` : 'NULL AS segment',
    targets.period ? `${q(targets.period)} AS period` : 'NULL AS period',
    ...(targets.id ? [`${q(targets.id)} AS id`] : []),
    targets.note ? `${q(targets.note)} AS note` : 'NULL AS note',
  ];
  const sql = `SELECT ${select.join(', ')} FROM ${q(targets.table)}${targets.id ? ` ORDER BY ${q(targets.id)}` : ''}`;
  let rows: Record<string, unknown>[];
  try {
    rows = await reader.query(sql);
  } catch (err) {
    throw new UserError([
      { ...sqlProblem(loaded, ['kpis', 'targets', 'table'], `the targets table "${targets.table}"`, err), hint: `is ${reader.location} this spec's database? Run the spec again if it is older than the table` },
    ]);
  }
  return rows.map((row) => ({
    ...(targets.id ? { id: row.id } : {}),
    metric: String(row.metric),
    segment: row.segment === null || row.segment === undefined ? null : String(row.segment),
    period: row.period === null || row.period === undefined ? null : String(row.period),
    value: numberOf(row.value),
    note: textOf(row.note),
  }));
}

/** A metric row answers a target when its segment (and period, if it returns one) are the target's. */
function matches(row: Record<string, unknown>, target: TargetRow): boolean {
  if ('segment' in row && target.segment !== null && String(row.segment) !== target.segment) return false;
  if ('period' in row && target.period !== null && String(row.period).toLowerCase() !== target.period.toLowerCase()) return false;
  return true;
}

function compare(base: Omit<KpiRow, 'actual' | 'difference' | 'differencePercent' | 'status'>, actual: number | null, metric: KpiMetricSpec): KpiRow {
  const target = base.target;
  const difference = actual !== null && target !== null ? actual - target : null;
  const differencePercent = difference !== null && target ? (difference / Math.abs(target)) * 100 : null;
  const status: KpiStatus = actual === null ? 'no value' : target === null ? 'no target' : 'ok';
  return { ...base, actual, difference, differencePercent, status, ...aboutMetric(metric) };
}

/** A metric's description and note, trimmed, when it has them. */
function aboutMetric(metric: KpiMetricSpec): Pick<KpiRow, 'description' | 'metricNote'> {
  if (typeof metric === 'string') return {};
  const description = textOf(metric.description);
  const note = textOf(metric.note);
  return { ...(description !== null ? { description } : {}), ...(note !== null ? { metricNote: note } : {}) };
}

/** A text value trimmed; null when absent or blank. */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function numberOf(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function sqlProblem(loaded: LoadedSpec, path: SpecPath, what: string, err: unknown): Problem {
  if (err instanceof UserError) return { ...err.problems[0], path: formatPath(path), ...loaded.positions.find(path) };
  return problemAt(loaded, 'SPEC_BAD_OPTION', path, `${what} failed: ${(err as Error).message}`, 'KPI SQL is a read-only query over the written tables, on SQLite, PostgreSQL or MariaDB alike (date functions as {{ macros }}, docs/targets.md); `:as_of` is the dataset\'s today (YYYY-MM-DD)');
}

function summarize(rows: KpiRow[]): KpiReport['summary'] {
  const count = (status: KpiStatus) => rows.filter((r) => r.status === status).length;
  return {
    rows: rows.length,
    targets: rows.filter((r) => r.status !== 'no target').length,
    measured: count('ok'),
    noMetric: count('no metric'),
    noValue: count('no value'),
    noTarget: count('no target'),
  };
}

/** True when every target has a metric and a value: the report passes. */
export function kpisCovered(report: KpiReport): boolean {
  return report.summary.noMetric === 0 && report.summary.noValue === 0;
}
