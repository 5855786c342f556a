import type { Faker } from '@faker-js/faker';
import {
  DrawsSpent,
  PluginOptionError,
  type Calendar,
  type ColumnType,
  type CompileContext,
  type DrawBudget,
  type EdgeKind,
  type RowFn,
  type Stream,
  type TableHandle,
} from '../contract';
import type { Limits } from '../limits';
import type { DatasetSpec, TableSpec } from '../spec/model';
import { closest, suggestName } from '../spec/suggest';
import type { SeededStream, TableStreams } from '../random/stream';
import { parseDate } from '../time/dates';
import { FollowOnFault, type BrokenParts } from './brokenParts';
import type { ContextField } from './context';
import type { OrderedChildren } from './orderedChildren';
import { PreviousRow } from './previousRow';
import { compileSafeExpression, RUN_NAMES } from './expression';
import { compileConjuncts } from './expressionConjuncts';
import type { TableStore } from './store';

/** What every table's compilation shares: the spec, the other tables' stores, data sets. */
export interface SpecScope {
  spec: DatasetSpec;
  asOf: number;
  scale: number;
  limits: Limits;
  /** Parts that failed validation: reading one stops the reader silently (its fault is reported already). */
  broken: BrokenParts;
  stores: Map<string, TableStore>;
  data(name: string): Record<string, unknown>[];
  /** Compiles a nested generator spec inside `table`'s scope. */
  compileGenerator(table: TableScope, spec: unknown, slot: string, column: string | undefined, type: ColumnType): RowFn;
  /** A calendar of `calendars:` by name (engine/time/calendars.ts). */
  calendar(name: string): Calendar;
}

/** `did you mean "<head>.<field>"?`: the guess written as the read is, to be copied over the misspelt one. */
function fieldHint(head: string, field: string, fields: string[], what: string): string {
  const guess = closest(field, fields);
  return guess === undefined ? suggestName(field, fields, what) : `did you mean "${head}.${guess}"?`;
}

export const PARENT_INDEX = '$parent';
export const ROW_INDEX = '$index';
export const linkSlot = (column: string) => `$link:${column}`;

/**
 * One table's compile-time state: which names its rows can read, which columns
 * depend on which, which tables it reads. Contexts of its plugins are views of it.
 */
export class TableScope {
  readonly edges = new Map<string, EdgeKind>();
  /** column → columns of this table it reads (ordering within a row). */
  readonly columnReads = new Map<string, Set<string>>();
  readonly links = new Map<string, { table: TableHandle; keyColumn?: string }>();
  readonly namespaces = new Map<string, { fields: Set<string>; values: Record<string, unknown> }>();
  parent: TableHandle | undefined;
  /** `previous.<column>` reads (engine/compile/previousRow.ts). */
  readonly previous: PreviousRow;
  /** Set when the driver sorts each parent's children (DriverContext.orderChildren). */
  childOrder: OrderedChildren | undefined;
  context: { fields: Set<string>; field: (name: string) => ContextField } | undefined;
  private readonly lateBindings: { reader: string | undefined; bind: () => void }[] = [];
  /** Set once every column has compiled: `column.field` reads resolve at once, so a fault is thrown where it is written. */
  private linksSettled = false;
  private readonly slotUses = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly spec: TableSpec,
    readonly shared: SpecScope,
    readonly streams: TableStreams,
  ) {
    this.previous = new PreviousRow(name, Object.keys(spec.columns), shared.limits);
  }

  get columnNames(): string[] {
    return Object.keys(this.spec.columns);
  }

  /** A handle on another table, recording the dependency edge. */
  table(name: string, kind: EdgeKind): TableHandle {
    if (this.shared.broken.tables.has(name)) throw new FollowOnFault(`table "${name}"`);
    const store = this.shared.stores.get(name);
    if (!store) {
      throw new PluginOptionError(`table "${name}" does not exist`, suggestName(name, [...this.shared.stores.keys()], 'table'), [], 'SPEC_UNKNOWN_TABLE');
    }
    if (!this.edges.has(name) || kind === 'parent') this.edges.set(name, kind);
    return store;
  }

  /** A stream unique to `slot` (repeated calls for one slot get distinct streams). */
  stream(slot: string): SeededStream {
    const uses = (this.slotUses.get(slot) ?? 0) + 1;
    this.slotUses.set(slot, uses);
    return this.streams.create(uses === 1 ? slot : `${slot}~${uses}`);
  }

  faker(slot: string, budget?: DrawBudget): Faker {
    const stream = this.stream(`${slot}:faker`);
    // Loaded on first use, English only: the package's entry loads every locale (~80 ms of CPU), its English entry ~15 ms.
    const { faker: english } = require('@faker-js/faker/locale/en') as typeof import('@faker-js/faker/locale/en');
    const EnglishFaker = english.constructor as typeof Faker;
    const next = budget
      ? () => {
          if (--budget.left < 0) throw new DrawsSpent('a Faker call took more random draws than its budget');
          return stream.next();
        }
      : () => stream.next();
    return new EnglishFaker({ locale: english.rawDefinitions, randomizer: { next, seed: () => undefined } });
  }

  /** Resolves a path visible from a row of this table; `reader` is the column asking (for ordering). */
  read(path: string, reader: string | undefined): RowFn {
    const [head, ...rest] = path.split('.');
    const field = rest.join('.');
    const noteRead = (column: string) => {
      if (reader === undefined || column === reader) return;
      if (!this.columnReads.has(reader)) this.columnReads.set(reader, new Set());
      this.columnReads.get(reader)!.add(column);
    };
    if (rest.length === 0) {
      // Own names only: `toString` or `constructor` must not find Object.prototype.
      if (!Object.hasOwn(this.spec.columns, head)) throw this.unknownName(path);
      // The row still holds this column's value of the row before: no value can be made from itself.
      if (head === reader) throw new PluginOptionError(`column "${head}" reads itself`, `a value cannot be made from itself; previous.${head} reads its value in the previous row of the same parent`, [], 'SPEC_CYCLE');
      noteRead(head);
      return (row) => row[head];
    }
    if (head === 'params') {
      const params = this.shared.spec.params ?? {};
      if (!Object.prototype.hasOwnProperty.call(params, field)) {
        throw new PluginOptionError(`param "${field}" is not declared`, suggestName(field, Object.keys(params), 'param'), [], 'SPEC_UNKNOWN_PARAM');
      }
      const value = params[field];
      return () => value;
    }
    if (head === 'parent') {
      if (!this.parent && this.shared.broken.drivers.has(this.name)) return this.brokenRead(`the row driver of "${this.name}"`);
      if (!this.parent) throw new PluginOptionError(`"${path}" reads a parent, but table "${this.name}" has no parent`, 'use a per-parent driver (rows: { per_parent: … }) to give rows a parent');
      const parentSpec = this.shared.spec.tables[this.parent.name];
      if (!Object.hasOwn(parentSpec.columns, field)) {
        throw new PluginOptionError(`table "${this.parent.name}" has no column "${field}"`, fieldHint(head, field, Object.keys(parentSpec.columns), 'column'), [], 'SPEC_UNKNOWN_COLUMN');
      }
      const column = this.parent.column(field);
      return (row) => column(row[PARENT_INDEX] as number);
    }
    if (head === 'context') {
      const context = this.context;
      if (!context && this.shared.broken.contexts.has(this.name)) return this.brokenRead(`the context of "${this.name}"`);
      if (!context) throw new PluginOptionError(`"${path}" reads context, but table "${this.name}" declares no context:`, 'add context: { sql, key, on } to the table');
      const at = context.field(field);
      // The row's context is found by its `on` key: a column of this table that key reads is generated first.
      for (const keyColumn of at.keyColumns) if (Object.hasOwn(this.spec.columns, keyColumn)) noteRead(keyColumn);
      return (row) => {
        const found = at.rowOf(row);
        return found < 0 ? null : (at.values[found] ?? null);
      };
    }
    // A column named `previous` keeps its own `previous.<column>` link reads.
    if (head === 'previous' && !Object.hasOwn(this.spec.columns, head)) {
      if (!this.parent && this.shared.broken.drivers.has(this.name)) return this.brokenRead(`the row driver of "${this.name}"`);
      return this.previous.read(field, reader, this.parent !== undefined);
    }
    const namespace = this.namespaces.get(head);
    if (namespace) {
      if (!namespace.fields.has(field)) throw new PluginOptionError(`"${head}" has no field "${field}"`, fieldHint(head, field, [...namespace.fields], 'field'), [], 'SPEC_UNKNOWN_NAME');
      const values = namespace.values;
      return () => values[field];
    }
    if (Object.hasOwn(this.spec.columns, head)) {
      noteRead(head);
      return this.readThroughLink(head, field, path, reader);
    }
    // `<driver field>.x` of a driver that did not compile: the driver's own fault says it all.
    if (this.shared.broken.drivers.has(this.name)) return this.brokenRead(`the row driver of "${this.name}"`);
    throw this.unknownName(path);
  }

  /**
   * A read of a part that failed validation: the reader compiles on (so its other faults are
   * found), but the table never runs; a plugin that evaluates it while compiling stops silently.
   */
  private brokenRead(part: string): RowFn {
    return () => {
      throw new FollowOnFault(part);
    };
  }

  /** A name an expression reads: a column of this table wins over the run's value of the same name (as_of, scale). */
  private readInExpression(path: string, reader: string | undefined): RowFn {
    if (!Object.hasOwn(RUN_NAMES, path) || Object.hasOwn(this.spec.columns, path)) return this.read(path, reader);
    const value = RUN_NAMES[path].value(this.shared);
    return () => value;
  }

  /** `refColumn.column`: resolved once every column has compiled and declared its link. */
  private readThroughLink(linkColumn: string, field: string, path: string, reader: string | undefined): RowFn {
    const slot = linkSlot(linkColumn);
    let column: ((index: number) => unknown) | undefined;
    const bind = () => {
      if (this.shared.broken.hasColumn(this.name, linkColumn)) throw new FollowOnFault(`column "${linkColumn}"`);
      const linked = this.links.get(linkColumn)?.table;
      if (!linked) throw new PluginOptionError(`"${path}": column "${linkColumn}" does not point at another table's row`, 'only columns made by a reference generator (ref:) can be followed with a dot');
      const spec = this.shared.spec.tables[linked.name];
      if (!Object.hasOwn(spec.columns, field)) throw new PluginOptionError(`table "${linked.name}" has no column "${field}"`, suggestName(field, Object.keys(spec.columns), 'column'), [], 'SPEC_UNKNOWN_COLUMN');
      column = linked.column(field);
    };
    if (this.linksSettled) bind();
    else this.lateBindings.push({ reader, bind });
    return (row) => column!(row[slot] as number);
  }

  /** A column without a generator takes the driver's field of the same name (static rows), if there is one. */
  driverField(column: string): RowFn | undefined {
    for (const [name, namespace] of this.namespaces) {
      if (namespace.fields.has(column)) return this.read(`${name}.${column}`, column);
    }
    return undefined;
  }

  /**
   * Runs the deferred resolutions; returns those that failed, with the column that asked
   * (none for the driver). A read through a broken column is no fault of its own.
   */
  bindLate(): { reader: string | undefined; error: unknown }[] {
    const failed: { reader: string | undefined; error: unknown }[] = [];
    for (const { reader, bind } of this.lateBindings.splice(0)) {
      try {
        bind();
      } catch (error) {
        if (!(error instanceof FollowOnFault)) failed.push({ reader, error });
      }
    }
    this.linksSettled = true;
    return failed;
  }

  private unknownName(path: string): PluginOptionError {
    const visible = [
      ...this.columnNames,
      ...Object.keys(this.shared.spec.params ?? {}).map((p) => `params.${p}`),
      ...(this.parent ? Object.keys(this.shared.spec.tables[this.parent.name].columns).map((c) => `parent.${c}`) : []),
      ...[...this.namespaces].flatMap(([ns, { fields }]) => [...fields].map((f) => `${ns}.${f}`)),
      ...(this.context ? [...this.context.fields].map((f) => `context.${f}`) : []),
      ...(this.parent ? this.columnNames.map((c) => `previous.${c}`) : []),
    ];
    return new PluginOptionError(`"${path}" is not a column or name visible from table "${this.name}"`, suggestName(path, visible, 'name'), [], 'SPEC_UNKNOWN_NAME');
  }

  /** The context object a plugin at `slot` gets; `column` is set for generators. */
  compileContext(slot: string, column: string | undefined): CompileContext {
    const shared = this.shared;
    return {
      tableName: this.name,
      asOf: shared.asOf,
      scale: shared.scale,
      limits: shared.limits,
      rowIndex: (row) => row[ROW_INDEX] as number,
      stream: (name?: string): Stream => this.stream(name ? `${slot}/${name}` : slot),
      faker: (budget) => this.faker(slot, budget),
      read: (path) => this.read(path, column),
      expression: (source, names) => compileSafeExpression(source, (path) => names?.(path) ?? this.readInExpression(path, column), shared.limits),
      conjuncts: (source, names) => compileConjuncts(source, (path) => names?.(path) ?? this.readInExpression(path, column), shared.limits),
      table: (name, kind = 'reference') => this.table(name, kind),
      data: (name) => shared.data(name),
      generator: (spec, name, type = 'real') => shared.compileGenerator(this, spec, `${slot}/${name}`, column, type),
      date: (text) => {
        const ms = parseDate(text, shared.asOf);
        if (ms === undefined) {
          throw new PluginOptionError(`"${text}" is not a date`, 'write YYYY-MM-DD, as_of, or an offset such as "-36 months" or "as_of + 7 days"', [], 'SPEC_BAD_DATE');
        }
        return ms;
      },
      calendar: (name) => shared.calendar(name),
    };
  }
}
