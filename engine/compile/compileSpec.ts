import { PluginOptionError, type ColumnType, type CompiledDriver, type DriverContext, type EdgeKind, type Row } from '../contract';
import { UserError, type Problem } from '../errors/problem';
import { describeChain, topologicalOrder } from '../graph/dag';
import { raiseLimitHint, resolveLimits, type Limits } from '../limits';
import { loadPlugins, type PluginRegistry } from '../plugins/registry';
import { CHUNK_SIZE, TableStreams } from '../random/stream';
import { readDataSet } from '../spec/data';
import type { LoadedSpec } from '../spec/load';
import { COLUMN_BASE_KEYS, type ColumnSpec, type DatasetSpec, type TableSpec } from '../spec/model';
import { nameProblems } from '../spec/names';
import { formatPath, type SpecPath } from '../spec/positions';
import { suggestName } from '../spec/suggest';
import { schemaFaults } from '../spec/validateSchema';
import { tableLimitProblems } from '../targets/tableLimits';
import type { TableDef } from '../targets/target';
import { parseAbsoluteDate } from '../time/dates';
import { compileCalendars } from '../time/calendars';
import { BrokenParts, FollowOnFault } from './brokenParts';
import { compileColumn, type CompiledColumn } from './column';
import { exactTypeOf, normaliseColumnTypes } from './columnTypes';
import { tableForeignKeyDefs, tableForeignKeyProblems } from './tableForeignKeys';
import { compileContexts, type TableContexts } from './context';
import { contextList } from '../spec/contextList';
import { resultColumnNames } from '../sql/resultColumns';
import { compileGeneratorSpec } from './generator';
import { indexValues } from './indexValues';
import { OrderedChildren } from './orderedChildren';
import { compileRowRules } from './rowRules';
import type { NoOverlapRule } from '../run/noOverlap';
import { PARENT_INDEX, TableScope, type SpecScope } from './scope';
import { sqlDialectOf } from '../sql/sqlDialect';
import { chartSqlPieces, checkSqlPieces, kpiSqlPieces, writtenTables } from '../sql/specSqlPieces';
import { analyzeSpecSqlPiece, isProblem, specSqlProblems } from '../sql/specSqlProblem';
import { TableStore } from './store';

export interface CompileOptions {
  seed?: number | string;
  scale?: number;
  /** Overrides the spec's `as_of` (YYYY-MM-DD). */
  asOf?: string;
  /** Overrides of the cost bounds (engine/limits.ts). */
  limits?: Partial<Limits>;
  /** Where the data goes or is read from (`--target`, `--db`; else the spec's `output`): spec SQL is analysed for its dialect. */
  target?: string;
}

export interface CompiledTable {
  name: string;
  spec: TableSpec;
  written: boolean;
  driver: CompiledDriver;
  /** In generation order (a column after the columns it reads). */
  columns: CompiledColumn[];
  /** Written columns, in declaration order; `def.columns` matches it. */
  outputColumns: CompiledColumn[];
  def: TableDef;
  streams: TableStreams;
  store: TableStore;
  /** Upstream tables and why they are upstream. */
  edges: Map<string, EdgeKind>;
  scope: TableScope;
  context?: TableContexts;
  /** Intervals its rows keep apart (engine/run/noOverlap.ts). */
  noOverlap: NoOverlapRule[];
}

export interface CompiledSpec {
  spec: DatasetSpec;
  seed: number | string;
  scale: number;
  asOf: number;
  limits: Limits;
  tables: Map<string, CompiledTable>;
  /** Run order: dependencies first, declaration order between independent tables. */
  order: string[];
}

/**
 * Validates and compiles a loaded spec in one pass: schema, then every plugin's options, names
 * and references, then the table DAG. A part the schema refuses is not compiled, nor is what
 * reads it; every other part is. Throws UserError with every problem found.
 */
export function compileSpec(loaded: LoadedSpec, options: CompileOptions = {}, registry: PluginRegistry = loadPlugins()): CompiledSpec {
  const limits = resolveLimits(options.limits);
  const broken = new BrokenParts();
  const problems: Problem[] = [];
  for (const { problem, at } of schemaFaults(loaded, registry)) {
    problems.push(problem);
    broken.markPath(at);
  }
  if (broken.spec || problems.length >= limits.problems) throw new UserError(firstProblems(problems, limits));
  const spec = loaded.spec;
  // The parts the schema accepted, for the phases that read every column's spec; tables with a refused part, for those that read a whole table.
  const sound = soundView(loaded, broken);
  const refusedTables = new Set(Object.keys(spec.tables).filter((t) => broken.touches(t)));
  problems.push(...normaliseColumnTypes(sound));
  const report = (err: unknown, path: SpecPath) => {
    if (err instanceof FollowOnFault) return;
    if (err instanceof UserError) problems.push(...err.problems);
    else if (err instanceof PluginOptionError) {
      const at = [...path, ...err.at];
      problems.push({ code: err.code, message: err.message, path: formatPath(at), ...loaded.positions.find(at), hint: err.hint });
    } else throw err;
  };

  const asOfText = options.asOf ?? spec.as_of ?? '2025-01-01';
  const asOf = parseAbsoluteDate(asOfText);
  if (asOf === undefined) {
    problems.push({ code: 'SPEC_BAD_DATE', message: `as_of "${asOfText}" is not a date`, path: 'as_of', ...loaded.positions.find(['as_of']), hint: 'write YYYY-MM-DD' });
    throw new UserError(firstProblems(problems, limits));
  }
  const seed = options.seed ?? spec.seed ?? 1;
  const scale = options.scale ?? 1;
  const dataCache = new Map<string, Record<string, unknown>[]>();
  const shared: SpecScope = {
    spec,
    asOf,
    scale,
    limits,
    broken,
    stores: new Map(
      Object.entries(spec.tables)
        .filter(([name]) => !broken.tables.has(name))
        .map(([name, t]) => {
          const values = indexValues(registry, t);
          return [name, new TableStore(name, columnTypes(t), (column) => (broken.hasColumn(name, column) ? undefined : values(column)))];
        }),
    ),
    data: (name) => {
      const entry = spec.data && Object.hasOwn(spec.data, name) ? spec.data[name] : undefined;
      if (entry === undefined) throw new PluginOptionError(`data set "${name}" is not declared`, suggestName(name, Object.keys(spec.data ?? {}), 'data set'), [], 'SPEC_UNKNOWN_DATA');
      if (!dataCache.has(name)) dataCache.set(name, readDataSet(name, entry, loaded.positions.find(typeof entry === 'string' ? ['data', name] : ['data', name, 'file'])));
      return dataCache.get(name)!;
    },
    compileGenerator: (scope, generatorSpec, slot, column, type) => compileGeneratorSpec(registry, scope, generatorSpec, slot, column, type),
    calendar: (name) => calendar(name),
  };
  const calendar = compileCalendars(spec.calendars, shared.data, limits, report);

  // Spec SQL is analysed for the dialect it will run in (CSV and Parquet answer context queries from SQLite).
  const sqlDialect = sqlDialectOf(options.target ?? spec.output);
  const readable = writtenTables(spec);
  const tables = new Map<string, CompiledTable>();
  for (const [name, tableSpec] of Object.entries(spec.tables)) {
    if (problems.length >= limits.problems) break;
    if (broken.tables.has(name)) continue;
    const tablePath = ['tables', name];
    const streams = new TableStreams(seed, name);
    const scope = new TableScope(name, tableSpec, shared, streams);
    let driver: CompiledDriver | undefined;
    if (!broken.drivers.has(name)) {
      try {
        driver = compileDriver(registry, scope, tableSpec);
      } catch (err) {
        broken.drivers.add(name);
        report(err, [...tablePath, 'rows', Object.keys(tableSpec.rows)[0]]);
      }
    }
    let context: TableContexts | undefined;
    if (tableSpec.context && !broken.contexts.has(name)) {
      const queries = contextList(tableSpec).map(({ spec: query, at }) => {
        const analyzed = analyzeSpecSqlPiece(loaded, { path: [...tablePath, ...at, 'sql'], sql: query.sql }, sqlDialect, readable);
        if (isProblem(analyzed)) problems.push(analyzed);
        return { spec: query, at, reads: isProblem(analyzed) ? [] : analyzed.tables, columns: resultColumnNames(query.sql, sqlDialect) };
      });
      context = compileContexts(scope, queries, name, (err) => report(err, tablePath));
    }
    const columns: CompiledColumn[] = [];
    const compileOne = (columnName: string): CompiledColumn | undefined => {
      try {
        return compileColumn(columnName, tableSpec.columns[columnName], (s, slot, type) => compileGeneratorSpec(registry, scope, s, slot, columnName, type), scope);
      } catch (err) {
        broken.markColumn(name, columnName);
        // Without its driver, a column may miss the driver field it reads: the driver's problem says it all.
        if (!driver && err instanceof PluginOptionError && err.code === 'SPEC_NO_GENERATOR' && err.at.length === 0) return undefined;
        report(err, [...tablePath, 'columns', columnName]);
        return undefined;
      }
    };
    for (const columnName of Object.keys(tableSpec.columns)) {
      if (problems.length >= limits.problems) break;
      if (broken.hasColumn(name, columnName)) continue;
      const column = compileOne(columnName);
      if (column) columns.push(column);
    }
    // A `column.field` read resolves once every column has compiled; a column whose read fails is
    // compiled again with the reads resolved at once, so its fault is placed at the option that holds it.
    for (const { reader, error } of scope.bindLate()) {
      if (reader === undefined) report(error, [...tablePath, 'rows', Object.keys(tableSpec.rows)[0]]);
      else if (!broken.hasColumn(name, reader)) {
        columns.splice(columns.findIndex((c) => c.name === reader), 1);
        if (compileOne(reader)) report(error, [...tablePath, 'columns', reader]);
        broken.markColumn(name, reader);
      }
    }
    const ordered = orderColumns(name, columns, scope, problems, loaded);
    const written = tableSpec.write !== false;
    if (!driver || !ordered) continue;
    // Row rules read any column's spec: with a part of the table refused, they wait for the fix.
    const noOverlap = refusedTables.has(name) ? [] : compileRowRules(name, tableSpec, scope, ordered, report);
    const compiled: CompiledTable = {
      name,
      spec: tableSpec,
      written,
      driver,
      columns: ordered,
      outputColumns: columns.filter((c) => tableSpec.columns[c.name].write !== false),
      def: tableDef(name, sound.spec.tables[name], scope),
      streams,
      store: shared.stores.get(name)!,
      edges: scope.edges,
      scope,
      context,
      noOverlap,
    };
    tables.set(name, compiled);
  }
  checkForeignKeys(spec, broken, problems, loaded, limits);
  // Keys the schema refused are its faults: only the sound parts are asked whether they are keys.
  checkReferencedKeys(sound.spec, tables, problems, loaded);
  problems.push(...tableForeignKeyProblems(loaded, (t) => refusedTables.has(t)));
  if (!broken.sql) problems.push(...specSqlProblems(loaded, [...checkSqlPieces(spec), ...kpiSqlPieces(spec), ...chartSqlPieces(spec)], sqlDialect, readable));
  problems.push(...nameProblems(sound.spec, loaded.positions), ...tableLimitProblems([...tables.values()].filter((t) => t.written).map((t) => t.def), loaded.positions));

  // A cycle among the tables that compiled is reported with the other problems, not after them.
  const names = [...tables.keys()];
  const sorted = topologicalOrder(names, (t) => tables.get(t)!.edges.keys());
  if ('cycle' in sorted) {
    const first = sorted.cycle[0];
    problems.push({
      code: 'SPEC_CYCLE',
      message: `tables depend on each other in a cycle: ${describeChain(sorted.cycle)}`,
      path: `tables.${first}`,
      ...loaded.positions.find(['tables', first], true),
      hint: 'a table can only read tables generated before it: remove one of these references',
    });
  }
  if (problems.length || 'cycle' in sorted) throw new UserError(firstProblems(problems, limits));
  return { spec, seed, scale, asOf, limits, tables, order: sorted.order };
}

/**
 * The first `limits.problems` problems, and a note when there may be more: a problem can
 * cost a scan of every name the spec declares (its did-you-mean), so a spec with 100,000
 * faults is not searched for all of them.
 */
function firstProblems(problems: Problem[], limits: Limits): Problem[] {
  if (problems.length < limits.problems) return problems;
  const listed = limits.problems.toLocaleString('en-US');
  return [...problems.slice(0, limits.problems), { code: 'SPEC_TOO_COSTLY', message: `validate stopped looking after ${listed} problems; fix these, then validate again`, path: '', hint: raiseLimitHint('problems', limits) }];
}

/** Every column's type; a column the schema refused may have none (its values are never made). */
function columnTypes(table: TableSpec): Map<string, ColumnType> {
  return new Map(Object.entries(table.columns ?? {}).map(([name, c]) => [name, typeof (c as ColumnSpec | null)?.type === 'string' ? c.type : 'text']));
}

/** The spec without the tables and columns the schema refused: for phases that read every column's spec. */
function soundView(loaded: LoadedSpec, broken: BrokenParts): LoadedSpec {
  const tables = Object.entries(loaded.spec.tables)
    .filter(([name]) => !broken.tables.has(name))
    .map(([name, table]) => [name, { ...table, columns: Object.fromEntries(Object.entries(table.columns).filter(([column]) => !broken.hasColumn(name, column))) }]);
  return { ...loaded, spec: { ...loaded.spec, tables: Object.fromEntries(tables) } };
}

function compileDriver(registry: PluginRegistry, scope: TableScope, table: TableSpec): CompiledDriver {
  const [name] = Object.keys(table.rows);
  const plugin = registry.drivers.get(name)!;
  const raw = table.rows[name];
  const options = plugin.shorthand && (raw === null || typeof raw !== 'object' || Array.isArray(raw)) ? { [plugin.shorthand]: raw } : raw;
  const ctx: DriverContext = {
    ...scope.compileContext(`rows:${name}`, undefined),
    chunkSize: CHUNK_SIZE,
    parent: (table) => {
      scope.parent = table;
      scope.edges.set(table.name, 'parent');
      const scratch: Row = { [PARENT_INDEX]: -1 };
      return (index) => {
        scratch[PARENT_INDEX] = index;
        return scratch;
      };
    },
    provide: (namespace, fields) => {
      const values: Record<string, unknown> = {};
      scope.namespaces.set(namespace, { fields: new Set(fields), values });
      return values;
    },
    orderChildren: (columns, at) => (scope.childOrder = new OrderedChildren(columns, at, scope)),
  };
  return plugin.compile(options ?? {}, ctx);
}

/** Generation order within a row: each column after the columns it reads. */
function orderColumns(table: string, columns: CompiledColumn[], scope: TableScope, problems: Problem[], loaded: LoadedSpec): CompiledColumn[] | undefined {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const sorted = topologicalOrder(
    columns.map((c) => c.name),
    (c) => scope.columnReads.get(c) ?? [],
  );
  if ('cycle' in sorted) {
    const path = ['tables', table, 'columns', sorted.cycle[0]];
    problems.push({
      code: 'SPEC_CYCLE',
      message: `columns of "${table}" read each other in a cycle: ${describeChain(sorted.cycle)}`,
      path: formatPath(path),
      ...loaded.positions.find(path, true),
      hint: 'a column can read only columns that do not read it back',
    });
    return undefined;
  }
  return sorted.order.map((name) => byName.get(name)!);
}

function tableDef(name: string, table: TableSpec, scope: TableScope): TableDef {
  const written = Object.entries(table.columns).filter(([, c]) => c.write !== false);
  const columns = written.map(([columnName, c]) => {
    const link = scope.links.get(columnName);
    const explicit = c.references?.split('.');
    // A ref: into a table or column that is not written points at a row, but no foreign key can.
    const linked = link?.keyColumn && isWritten(scope.shared.spec, link.table.name, link.keyColumn) ? { table: link.table.name, column: link.keyColumn } : undefined;
    const declared = explicit ? { table: explicit[0], column: explicit[1] } : linked;
    const certain = declared && isCertainKey(c, declared, linked, scope);
    const references = declared && certain ? { ...declared, certain } : declared;
    return {
      name: columnName,
      type: c.type,
      exact: exactTypeOf(c),
      primaryKey: c.primary_key === true,
      notNull: c.not_null === true,
      unique: c.unique === true,
      index: c.index === true,
      references,
      format: c.format,
    };
  });
  const primaryKey = table.primary_key ?? columns.filter((c) => c.primaryKey).map((c) => c.name);
  const indexes = (table.indexes ?? []).map((index) => (Array.isArray(index) ? { columns: index, unique: false } : { columns: index.columns, unique: index.unique === true }));
  return { name, columns, primaryKey, indexes, foreignKeys: tableForeignKeyDefs(table) };
}

/**
 * A column made by `ref:` to its key, or by `from: parent.<key>` when the parent is the
 * referenced table, alone (no `by:`/`cases:`), holds keys read from rows of the referenced
 * table, or NULL; written with the key's type and format, they are values that table wrote,
 * so the foreign key holds by construction.
 */
function isCertainKey(column: ColumnSpec, declared: { table: string; column: string }, linked: { table: string; column: string } | undefined, scope: TableScope): boolean {
  // Own names only: a reference to `constructor.name` must not find Object.prototype.
  const tables = scope.shared.spec.tables;
  // A referenced table the schema refused may not be a map: it is no key.
  const table = Object.hasOwn(tables, declared.table) ? (tables[declared.table] as TableSpec | null) : undefined;
  const key = table?.columns && Object.hasOwn(table.columns, declared.column) ? table.columns[declared.column] : undefined;
  const generators = Object.keys(column).filter((k) => !(COLUMN_BASE_KEYS as readonly string[]).includes(k));
  if (!key || generators.length !== 1 || column.by !== undefined || column.cases !== undefined || column.type !== key.type || column.format !== key.format) return false;
  if (generators[0] === 'ref') return linked?.table === declared.table && linked.column === declared.column;
  return generators[0] === 'from' && column.from === `parent.${declared.column}` && scope.parent?.name === declared.table;
}

function isWritten(spec: DatasetSpec, table: string, column: string): boolean {
  return spec.tables[table]?.write !== false && spec.tables[table]?.columns[column]?.write !== false;
}

/** A foreign key must point at a written key (its table's only primary key column, or a unique one): SQLite refuses anything else. */
function checkReferencedKeys(spec: DatasetSpec, tables: Map<string, CompiledTable>, problems: Problem[], loaded: LoadedSpec): void {
  // Each referenced table's single-column keys, found once: a table may hold thousands of foreign keys to it.
  const singleKeys = new Map<string, Set<string>>();
  const singleKeysOf = (name: string, table: TableSpec): Set<string> => {
    if (!singleKeys.has(name)) {
      const primaryKey = table.primary_key ?? Object.keys(table.columns).filter((c) => table.columns[c].primary_key === true);
      const uniqueIndexes = (table.indexes ?? []).flatMap((i) => (!Array.isArray(i) && i.unique === true && i.columns.length === 1 ? [i.columns[0]] : []));
      singleKeys.set(name, new Set([...(primaryKey.length === 1 ? primaryKey : []), ...uniqueIndexes]));
    }
    return singleKeys.get(name)!;
  };
  for (const [name, compiled] of tables) {
    for (const { name: column, references } of compiled.def.columns) {
      const target = references && Object.hasOwn(spec.tables, references.table) ? spec.tables[references.table] : undefined;
      // Unknown tables and columns are reported by checkForeignKeys.
      if (!references || !target || !Object.hasOwn(target.columns, references.column)) continue;
      const isKey = target.columns[references.column].unique === true || singleKeysOf(references.table, target).has(references.column);
      const written = isWritten(spec, references.table, references.column);
      if (isKey && written) continue;
      // At what declares the key: `references:`, else the generator that links the row (ref:).
      const columnSpec = spec.tables[name].columns[column];
      const declaredBy = columnSpec.references !== undefined ? 'references' : Object.keys(columnSpec).find((k) => !(COLUMN_BASE_KEYS as readonly string[]).includes(k));
      const path = ['tables', name, 'columns', column, ...(declaredBy === undefined ? [] : [declaredBy])];
      const keyName = `${references.table}.${references.column}`;
      problems.push({
        code: 'SPEC_BAD_OPTION',
        message: `column "${column}" is a foreign key to ${keyName}, which is ${written ? 'not a key of its table' : 'not written (write: false)'}`,
        path: formatPath(path),
        ...loaded.positions.find(path),
        hint: written ? `make ${keyName} the primary key (primary_key: true) or unique (unique: true)` : 'write the referenced table and column, or drop references:',
      });
    }
  }
}

/** Explicit `references:`, composite keys and indexes must name real tables and columns. */
function checkForeignKeys(spec: DatasetSpec, broken: BrokenParts, problems: Problem[], loaded: LoadedSpec, limits: Limits): void {
  const fail = (path: SpecPath, code: Problem['code'], message: string, hint: string) =>
    problems.push({ code, message, path: formatPath(path), ...loaded.positions.find(path), hint });
  for (const [name, table] of Object.entries(spec.tables)) {
    if (broken.tables.has(name)) continue;
    const columnNames = Object.keys(table.columns);
    const declared = new Set(columnNames);
    for (const [columnName, column] of Object.entries(table.columns)) {
      // Each problem here suggests a name out of a whole table: past the limit, stop looking.
      if (problems.length >= limits.problems) return;
      if (broken.hasColumn(name, columnName) || !column.references) continue;
      const [refTable, refColumn] = column.references.split('.');
      const path = ['tables', name, 'columns', columnName, 'references'];
      if (broken.tables.has(refTable)) continue;
      if (!Object.hasOwn(spec.tables, refTable)) fail(path, 'SPEC_UNKNOWN_TABLE', `table "${refTable}" does not exist`, suggestName(refTable, Object.keys(spec.tables), 'table'));
      else if (!Object.hasOwn(spec.tables[refTable].columns, refColumn)) fail(path, 'SPEC_UNKNOWN_COLUMN', `table "${refTable}" has no column "${refColumn}"`, suggestName(refColumn, Object.keys(spec.tables[refTable].columns), 'column'));
      // No DAG edge: a declared key reads no rows, so the referenced table may be written later (targets check it at commit).
    }
    const keyLists: [SpecPath, string[]][] = [
      ...(table.primary_key ? [[['tables', name, 'primary_key'], table.primary_key] as [SpecPath, string[]]] : []),
      ...(table.indexes ?? []).map((index, i) => (Array.isArray(index) ? [['tables', name, 'indexes', i], index] : [['tables', name, 'indexes', i, 'columns'], index.columns]) as [SpecPath, string[]]),
    ];
    for (const [path, list] of keyLists) {
      for (const [i, col] of list.entries()) {
        if (problems.length >= limits.problems) return;
        // At the name in the list, not the list's first line.
        if (!declared.has(col)) fail([...path, i], 'SPEC_UNKNOWN_COLUMN', `table "${name}" has no column "${col}"`, suggestName(col, columnNames, 'column'));
      }
    }
  }
}

