import { PluginOptionError, type ColumnType, type GeneratorContext, type Row, type RowFn } from '../contract';
import { exactTypeOf, typeName } from './columnTypes';
import type { PluginRegistry } from '../plugins/registry';
import { COLUMN_BASE_KEYS } from '../spec/model';
import { suggestName } from '../spec/suggest';
import { byColumn, caseKey, checkCaseKeys, knownCaseKeys } from './caseKeys';
import type { TableScope } from './scope';
import { linkSlot } from './scope';

const RULE_KEYS = new Set<string>(['by', 'cases', ...COLUMN_BASE_KEYS]);

/**
 * Compiles a generator spec — one generator key with its options, optionally
 * with `by:` + `cases:` — into a per-row function. `slot` names its streams.
 */
export function compileGeneratorSpec(
  registry: PluginRegistry,
  scope: TableScope,
  spec: unknown,
  slot: string,
  column: string | undefined,
  type: ColumnType,
): RowFn {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new PluginOptionError('expected a generator, e.g. { uniform: { min: 1, max: 5 } }', suggestName('', [...registry.generators.keys()], 'generator'));
  }
  const record = spec as Record<string, unknown>;
  const names = Object.keys(record).filter((key) => !RULE_KEYS.has(key));
  for (const name of names) {
    if (!registry.generators.has(name)) {
      throw new PluginOptionError(`unknown generator "${name}"`, suggestName(name, [...registry.generators.keys()], 'generator'), [name], 'SPEC_NO_GENERATOR');
    }
  }
  if (names.length > 1) throw new PluginOptionError(`one generator per column, found ${names.join(', ')}`, 'keep one; use by:/cases: for alternatives', [names[1]], 'SPEC_MANY_GENERATORS');
  const fallback = names.length === 1 ? compilePlugin(registry, scope, names[0], record[names[0]], slot, column, type) : undefined;
  if (record.by === undefined) {
    const driverField = column !== undefined && !fallback ? scope.driverField(column) : undefined;
    if (driverField) return driverField;
    if (!fallback) throw new PluginOptionError('no generator given', `add one of: ${[...registry.generators.keys()].slice(0, 10).join(', ')}, …`, [], 'SPEC_NO_GENERATOR');
    if (record.cases !== undefined) throw new PluginOptionError('cases: needs by: to say which value picks the case', undefined, ['cases']);
    return fallback;
  }
  return compileCases(registry, scope, record, slot, column, type, fallback);
}

function compilePlugin(
  registry: PluginRegistry,
  scope: TableScope,
  name: string,
  rawOptions: unknown,
  slot: string,
  column: string | undefined,
  type: ColumnType,
): RowFn {
  const plugin = registry.generators.get(name)!;
  const options = plugin.shorthand && (rawOptions === null || typeof rawOptions !== 'object' || Array.isArray(rawOptions)) ? { [plugin.shorthand]: rawOptions } : rawOptions;
  const ctx: GeneratorContext = {
    ...scope.compileContext(slot, column),
    column: column ?? slot,
    columnType: type,
    columnTypeName: typeName(type, column !== undefined && Object.hasOwn(scope.spec.columns, column) ? exactTypeOf(scope.spec.columns[column]) : undefined),
    link: (table, keyColumn) => {
      if (column === undefined) throw new PluginOptionError('a row link needs a column to hold it');
      scope.links.set(column, { table, keyColumn });
      const key = linkSlot(column);
      return { set: (row: Row, index: number) => void (row[key] = index) };
    },
  };
  try {
    return plugin.compile(options ?? {}, ctx);
  } catch (err) {
    if (err instanceof PluginOptionError) throw err.under([name]);
    throw err;
  }
}

function compileCases(
  registry: PluginRegistry,
  scope: TableScope,
  record: Record<string, unknown>,
  slot: string,
  column: string | undefined,
  type: ColumnType,
  fallback: RowFn | undefined,
): RowFn {
  let select: RowFn;
  try {
    select = scope.read(String(record.by), column);
  } catch (err) {
    if (err instanceof PluginOptionError) throw err.under(['by']);
    throw err;
  }
  const by = String(record.by);
  const source = byColumn(scope, by);
  const byType = (source?.spec as { type?: unknown } | undefined)?.type as ColumnType | undefined;
  const caseSpecs = Object.entries((record.cases ?? {}) as Record<string, unknown>);
  const known = source && knownCaseKeys(registry, source.spec, byType);
  if (known) checkCaseKeys(by, caseSpecs.map(([value]) => value), known, byType);
  const cases = new Map<string, RowFn>();
  const written = new Map<string, string>();
  for (const [value, caseSpec] of caseSpecs) {
    const key = caseKey(value, byType);
    const earlier = written.get(key);
    if (earlier !== undefined) throw new PluginOptionError(`cases "${earlier}" and "${value}" match the same ${by}`, 'keep one of them', ['cases', value]);
    written.set(key, value);
    try {
      cases.set(key, compileGeneratorSpec(registry, scope, caseSpec, `${slot}[${value}]`, column, type));
    } catch (err) {
      if (err instanceof PluginOptionError) throw err.under(['cases', value]);
      throw err;
    }
  }
  return (row) => {
    const key = select(row);
    const chosen = cases.get(caseKey(key, byType)) ?? fallback;
    if (!chosen) throw new MissingCaseError(by, key);
    return chosen(row);
  };
}

/** A row whose `by:` value has no case and no default: a user error found at run time. */
export class MissingCaseError extends Error {
  constructor(
    readonly by: string,
    readonly value: unknown,
  ) {
    super(`no case for ${by} = ${JSON.stringify(value)} and no default generator beside by:`);
  }
}
