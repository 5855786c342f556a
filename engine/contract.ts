/**
 * The plugin contract: the only module plugins import.
 *
 * A generator compiles its options once into a per-row function; a driver
 * compiles its options once into a plan that emits rows chunk by chunk.
 * Everything a plugin needs from the engine comes through its context.
 */
import type { Faker } from '@faker-js/faker';
import type { ProblemCode } from './errors/problem';
import { raiseLimitHint, type LimitName, type Limits } from './limits';

/** JSON Schema of a plugin's options: the single source of validation, docs and editor schema. */
export type OptionsSchema = Record<string, unknown> & { description?: string };

/** A seeded random stream. The engine reseeds it at every chunk boundary. */
export interface Stream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/** The row being generated: column values by name, plus engine bookkeeping. */
export type Row = Record<string, unknown>;

/** A compiled per-row function. */
export type RowFn<T = unknown> = (row: Row) => T;

/** SQL-level column types of the spec language. */
/** A column's kind of value; `decimal` holds numbers rounded to a fixed scale (see engine/compile/columnTypes.ts), `text` also CHAR(n)/VARCHAR(n). */
export type ColumnType = 'integer' | 'real' | 'decimal' | 'text' | 'boolean' | 'date' | 'datetime';

/** A user error found while compiling a plugin's options; the engine adds file, line and column. */
export class PluginOptionError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** Path below the plugin's options where the fault is, e.g. ['cases', 'SMB']. */
    readonly at: (string | number)[] = [],
    /** The catalogued error code (docs/errors.md); a bad option by default. */
    readonly code: ProblemCode = 'SPEC_BAD_OPTION',
  ) {
    super(message);
  }

  /** The same fault, placed below `path` (a nested option), keeping its code and hint. */
  under(path: (string | number)[]): PluginOptionError {
    return new PluginOptionError(this.message, this.hint, [...path, ...this.at], this.code);
  }
}

/** An option whose cost is over one of `ctx.limits`: SPEC_TOO_COSTLY, with how to raise that limit. */
export function tooCostly(limit: LimitName, limits: Limits, message: string, at: (string | number)[] = []): PluginOptionError {
  return new PluginOptionError(message, raiseLimitHint(limit, limits), at, 'SPEC_TOO_COSTLY');
}

/** A fault in the rows a spec produces, found while generating them (a user error, not a bug). */
export class RowError extends Error {
  constructor(
    message: string,
    /** What to change; a generic hint when absent. */
    readonly hint?: string,
    readonly code: ProblemCode = 'RUN_BAD_VALUE',
  ) {
    super(message);
  }
}

/**
 * The random draws a Faker instance may still take (`ctx.faker(budget)`): its owner sets
 * `left` before each call, and a draw with none left throws `DrawsSpent`, so no argument
 * can make one call run for long. `left` below 0 afterwards tells the budget ran out even
 * where Faker caught the throw.
 */
export interface DrawBudget {
  left: number;
}

export class DrawsSpent extends Error {}

/** `the limit x is n; raise it with --limit x=<n>…`: the hint of a cost over one of `ctx.limits`. */
export { raiseLimitHint };

/** `did you mean "x"?` for a misspelt name, or the list of valid names. */
export { suggestName as didYouMean } from './spec/suggest';
/** Calendar arithmetic on epoch ms (months clamp to the month's last day). */
export { addUnits, DAY_MS, HOUR_MS } from './time/dates';

/**
 * A calendar of the spec (`calendars:`): which days are open. Days are UTC calendar days
 * (a date's time of day is ignored); day results are midnights (epoch ms). Answers are
 * O(1) or O(log days) over a prefix count of open days; asking about dates further apart
 * than the calendar_years limit throws a RowError (SPEC_TOO_COSTLY).
 */
export interface Calendar {
  readonly name: string;
  /** Whether the day holding `ms` is open. */
  isOpen(ms: number): boolean;
  /** How many open days lie from the day holding `from` to the day holding `to`, both included (0 when `to` is earlier). */
  openDays(from: number, to: number): number;
  /**
   * An open day counted from the day holding `from`: `index` 0 is the first open day at or
   * after it (the next open day), 1 the one after that, …; -1 is the last open day before it, -2 the one before, ….
   */
  openDay(from: number, index: number): number;
}

/** Read access to the kept columns of an earlier table (filled when that table has run). */
export interface TableHandle {
  readonly name: string;
  /** Its column names, as declared. */
  columns(): readonly string[];
  /** Number of rows; only valid at run time. */
  size(): number;
  /** Value of `column` at row `index`; only valid at run time. Keeps the column in memory. */
  column(column: string): (index: number) => unknown;
  /**
   * The same values computed from the row index alone, when the column's generator declares
   * them so (`valueAtRow`) and nothing else changes them (no NULLs, no `by:`/`cases:`);
   * otherwise undefined. Reads no rows: the column is not kept, only `size()` is needed.
   */
  valueByIndex(column: string): ((index: number) => unknown) | undefined;
}

/** Marks `row` as pointing at a row of another table, so `thisColumn.otherColumn` paths resolve. */
export interface RowLink {
  set(row: Row, index: number): void;
}

/** Names a plugin gives an expression beyond the row's: `path` → its accessor, or undefined for a name of the row. */
export type ExpressionNames = (path: string) => RowFn | undefined;

/** One part of a condition (`CompileContext.conjuncts`). */
export interface ExpressionConjunct {
  /** Whether the part holds for the row (a RowError when it is not true or false). */
  test: RowFn<boolean>;
  /** When the part is one comparison: its operator and both sides, each with the names it reads. */
  comparison?: { op: '==' | '!=' | '~=' | '<' | '<=' | '>' | '>='; left: ExpressionSide; right: ExpressionSide };
}

export interface ExpressionSide {
  value: RowFn;
  /** Every name the side reads. */
  names: readonly string[];
  /** The name, when the side is nothing but one name (`candidate.registered_on`). */
  name?: string;
}

/** What both generators and drivers get at compile time. */
export interface CompileContext {
  /** Name of the table being compiled. */
  readonly tableName: string;
  /** The dataset's "today", epoch milliseconds (UTC). Generation never reads the clock. */
  readonly asOf: number;
  /** The run's scale factor (`--scale`). */
  readonly scale: number;
  /** The bounds on user-sized costs (engine/limits.ts); a plugin checks its costs against them before paying them. */
  readonly limits: Limits;
  /** A stream unique to (seed, table, this plugin's slot, `name`), reseeded per chunk. */
  stream(name?: string): Stream;
  /** A Faker instance drawing from its own stream of this slot; with `budget`, each draw spends one of its draws. */
  faker(budget?: DrawBudget): Faker;
  /**
   * An accessor for a value visible from the current row: `column`, `parent.column`,
   * `refColumn.column` (a column of the referenced row), `params.name`, `context.name`,
   * or a driver field such as `period.start`. Records the dependency.
   */
  read(path: string): RowFn;
  /**
   * Compiles a safe expression over the same names as `read`; `names`, when given, resolves
   * names of the plugin's own first (such as `candidate.<column>`), undefined for the rest.
   */
  expression(source: string, names?: ExpressionNames): RowFn;
  /**
   * The same condition as the parts that must all hold (its top-level `and`s and each neighbour
   * pair of a comparison chain), so a plugin can serve comparisons from an index and test the rest.
   */
  conjuncts(source: string, names?: ExpressionNames): ExpressionConjunct[];
  /** A handle on another table; records a dependency edge of the given kind. */
  table(name: string, kind?: EdgeKind): TableHandle;
  /** Rows of a named data set (CSV file or inline rows declared in the spec's `data:`). */
  data(name: string): Record<string, unknown>[];
  /** The 0-based number of the current row within its table. */
  readonly rowIndex: RowFn<number>;
  /**
   * Compiles a nested generator spec (e.g. a driver's per-parent count) with its own stream slot.
   * `type` is the type of its values (default `real`); `text` keeps values as written (names, labels).
   */
  generator(spec: unknown, slot: string, type?: ColumnType): RowFn;
  /** Parses an absolute (`2024-01-31`) or relative-to-as_of (`as_of`, `-36 months`, `+7 days`) date. */
  date(text: string | number): number;
  /** A calendar declared under the spec's `calendars:`; an unknown name throws a PluginOptionError with a did-you-mean. */
  calendar(name: string): Calendar;
}

export interface GeneratorContext extends CompileContext {
  readonly column: string;
  readonly columnType: ColumnType;
  /** The column's type as the spec writes it, for messages: `integer`, `decimal(15, 2)`, `varchar(25)`. */
  readonly columnTypeName: string;
  /**
   * Declares that this column's value points at a row of `table` (so `thisColumn.other`
   * paths resolve); with `keyColumn`, the value is that column's and a foreign key is created.
   */
  link(table: TableHandle, keyColumn?: string): RowLink;
}

export type EdgeKind = 'reference' | 'parent' | 'context' | 'expression';

/**
 * Spec fragments that make a plugin's example runnable, merged into the spec that runs it
 * (engine/docs/exampleSpec.ts): data sets, other tables, and columns beside a generator's example.
 */
export interface ExampleScaffold {
  data?: Record<string, unknown>;
  tables?: Record<string, Record<string, unknown>>;
  columns?: Record<string, Record<string, unknown>>;
}

export interface GeneratorPlugin<O = any> {
  readonly kind: 'generator';
  readonly name: string;
  readonly summary: string;
  readonly options: OptionsSchema;
  /** A complete column using this generator, for the reference docs (run by a test). */
  readonly example: Record<string, unknown>;
  /** What the example needs beyond the shared example world of the docs (names it mentions are found there). */
  readonly exampleSpec?: ExampleScaffold;
  /** Bumped whenever a change alters the seeded output of existing specs. */
  readonly version: number;
  /** Option that a plain scalar fills: with `shorthand: 'method'`, `faker: person.fullName` means `{ method: person.fullName }`. */
  readonly shorthand?: string;
  /** How many distinct values these options can produce, when finite (checked against unique columns). */
  distinctValues?(options: O): number | undefined;
  /**
   * Every value these options can produce, as written in the spec, when that set is finite and
   * known without running (a list of choices, a constant): validate refuses `cases:` keys of a
   * `by:` on this column that are none of them.
   */
  values?(options: O): readonly (string | number | boolean | null)[] | undefined;
  /**
   * When every value is a pure function of the row's 0-based index (no stream, no other column):
   * that function, which `compile` must agree with. Lets readers of the column compute a row's
   * value instead of keeping the column (TableHandle.valueByIndex).
   */
  valueAtRow?(options: O): (rowIndex: number) => unknown;
  compile(options: O, ctx: GeneratorContext): RowFn;
}

/**
 * Emits one row; the driver has set its namespace fields before calling. Returns true when
 * the runner holds as many rows as it writes at once: a driver whose chunk has no bound on
 * its rows pauses then (see `emitChunk`).
 */
export type EmitRow = (parentIndex: number) => boolean | void;

export interface CompiledDriver {
  /** How many chunks this table has; called at run time, after upstream tables ran. */
  chunkCount(): number;
  /**
   * Emits the rows of one chunk, in order. A driver whose chunk the spec can make any size
   * (children per parent, periods per entity) is a generator that yields after an emit that
   * returned true: the runner writes the rows so far and resumes it, its streams untouched,
   * so the rows of one chunk never pile up in memory.
   */
  emitChunk(chunk: number, emit: EmitRow): void | Iterator<unknown>;
}

export interface DriverContext extends CompileContext {
  /** Rows per chunk for drivers that count rows themselves. */
  readonly chunkSize: number;
  /**
   * Declares the per-parent relationship: `parent.*` paths read `table`'s row at the emitted
   * index. Returns a scratch row positioned at a parent index, for evaluating nested generators.
   */
  parent(table: TableHandle): (parentIndex: number) => Row;
  /**
   * Declares a namespace of driver fields readable as `<namespace>.<field>`;
   * the driver writes the returned object's fields before each emit.
   */
  provide(namespace: string, fields: string[]): Record<string, unknown>;
  /**
   * Emits each parent's rows sorted by `columns` (names checked at `at`, an option path):
   * the driver draws a parent's rows, sorts them, then emits them (ChildOrder).
   */
  orderChildren(columns: string[], at: (string | number)[]): ChildOrder;
}

/**
 * One parent's rows in the order of some columns: `draw` once per row (namespace fields set
 * as for emit) generates the ordering columns and holds the row, `sort` orders the held rows
 * (stably: ties keep draw order), and each emit then generates the next held row's other columns.
 */
export interface ChildOrder {
  draw(parentIndex: number): void;
  sort(): void;
}

export interface DriverPlugin<O = any> {
  readonly kind: 'driver';
  readonly name: string;
  readonly summary: string;
  readonly options: OptionsSchema;
  /** A complete `rows:` block using this driver, for the reference docs (run by a test). */
  readonly example: Record<string, unknown>;
  /** The fields its rows can read (`namespace.field`, or `namespace.<name>` for fields the options name) → what each holds, for the reference. */
  readonly fields?: Readonly<Record<string, string>>;
  /** What the example needs beyond the shared example world of the docs (names it mentions are found there). */
  readonly exampleSpec?: ExampleScaffold;
  readonly version: number;
  readonly shorthand?: string;
  compile(options: O, ctx: DriverContext): CompiledDriver;
}

export type Plugin = GeneratorPlugin | DriverPlugin;

/** Schema of a nested generator spec (one generator key, or `by:`/`cases:`), for plugins whose options hold one. */
export const GENERATOR_SPEC: OptionsSchema = { $ref: '#/definitions/generator' };

export function defineGenerator<O>(plugin: Omit<GeneratorPlugin<O>, 'kind'>): GeneratorPlugin<O> {
  return Object.freeze({ kind: 'generator' as const, ...plugin });
}

export function defineDriver<O>(plugin: Omit<DriverPlugin<O>, 'kind'>): DriverPlugin<O> {
  return Object.freeze({ kind: 'driver' as const, ...plugin });
}
