import { PluginOptionError, type ChildOrder, type Row } from '../contract';
import { overLimit } from '../limits';
import type { SpecPath } from '../spec/positions';
import { suggestName } from '../spec/suggest';
import type { CompiledColumn } from './column';
import type { RowFiller } from './rowFiller';
import { linkSlot, PARENT_INDEX, ROW_INDEX, type TableScope } from './scope';

/** What a table run lends the ordering: its row object, where its row numbers are, and the filler of the ordering columns. */
export interface OrderingRun {
  row: Row;
  rowIndex: () => number;
  fillFirst: RowFiller;
}

/**
 * A parent's children in the order of some columns. The ordering columns and every column
 * they read are generated for all of one parent's children first (`draw`), the children are
 * sorted (stably, so ties keep their draw order), then each emit generates the next child's
 * other columns: `child.number`, sequences and `previous.*` follow the sorted order. Each
 * column draws from its own stream, so the rows are the same whatever else runs.
 */
export class OrderedChildren implements ChildOrder {
  /** The ordering columns and the columns they read: generated before the sort, in generation order. */
  firstColumns: CompiledColumn[] = [];
  /** What a held child keeps: its first columns and their links. */
  private slots: string[] = [];
  private keys: number[] = [];
  private held: unknown[][] = [];
  /** The next sorted child to emit; -1 when none is waiting. */
  private next = -1;
  private run: OrderingRun | undefined;
  private active = false;

  constructor(
    readonly columns: string[],
    private readonly at: SpecPath,
    private readonly scope: TableScope,
  ) {
    columns.forEach((column, i) => {
      if (!Object.hasOwn(scope.spec.columns, column)) {
        throw new PluginOptionError(`table "${scope.name}" has no column "${column}" to order by`, suggestName(column, scope.columnNames, 'column'), columns.length > 1 ? [...at, i] : at, 'SPEC_UNKNOWN_COLUMN');
      }
    });
  }

  /** Once every column compiled (`ordered` in generation order): finds the columns generated before the sort. */
  plan(ordered: CompiledColumn[]): void {
    const first = new Set<string>();
    const add = (name: string) => {
      if (first.has(name)) return;
      first.add(name);
      for (const input of this.scope.columnReads.get(name) ?? []) add(input);
    };
    for (const column of this.columns) add(column);
    const readingPrevious = [...this.scope.previous.readingColumns].filter((c) => first.has(c));
    if (readingPrevious.length) {
      throw new PluginOptionError(
        `column "${readingPrevious[0]}" reads previous.*, but the children are sorted by it (or by a column made from it): the previous child is known only after the sort`,
        'order by columns that do not read previous.*; columns generated after the sort may read it',
        this.at,
      );
    }
    this.firstColumns = ordered.filter((c) => first.has(c.name));
    this.slots = [...this.firstColumns.map((c) => c.name), ...this.firstColumns.filter((c) => this.scope.links.has(c.name)).map((c) => linkSlot(c.name))];
    this.keys = this.columns.map((c) => this.slots.indexOf(c));
  }

  /** A table run starts. */
  start(run: OrderingRun): void {
    this.run = run;
  }

  /** A chunk starts; `computed` is false for a chunk another shard generates (its children are only counted). */
  startChunk(computed: boolean): void {
    this.active = computed;
    this.held = [];
    this.next = -1;
  }

  draw(parentIndex: number): void {
    if (!this.active) return;
    const limits = this.scope.shared.limits;
    if (this.held.length >= limits.ordered_children) {
      throw overLimit('ordered_children', limits, `table "${this.scope.name}": a parent has more than ${limits.ordered_children.toLocaleString('en-US')} children to sort by ${this.columns.join(', ')}`, {
        path: `tables.${this.scope.name}.rows`,
      });
    }
    const { row, rowIndex, fillFirst } = this.run!;
    row[PARENT_INDEX] = parentIndex;
    row[ROW_INDEX] = rowIndex() + this.held.length;
    fillFirst(row, [], 0);
    this.held.push(this.slots.map((slot) => row[slot]));
  }

  sort(): void {
    if (!this.active) return;
    const keys = this.keys;
    // Array.prototype.sort is stable: ties keep their draw order.
    this.held.sort((a, b) => {
      for (const k of keys) {
        const order = compareValues(a[k], b[k]);
        if (order !== 0) return order;
      }
      return 0;
    });
    this.next = this.held.length ? 0 : -1;
  }

  /** Wraps the filler of the other columns: it first puts the next sorted child's held columns back into the row. */
  restoring(fill: RowFiller): RowFiller {
    const slots = this.slots;
    return (row, values, offset) => {
      if (this.next >= 0) {
        const child = this.held[this.next++];
        for (let i = 0; i < slots.length; i++) row[slots[i]] = child[i];
        if (this.next === this.held.length) {
          this.held = [];
          this.next = -1;
        }
      }
      fill(row, values, offset);
    };
  }
}

/** Ascending, as SQL sorts: NULL first, then numbers (dates, booleans), then text by code units (the same on every machine). */
function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  const x = ra === 1 ? Number(a) : String(a);
  const y = ra === 1 ? Number(b) : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function rank(value: unknown): number {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return 0;
  return typeof value === 'number' || typeof value === 'boolean' ? 1 : 2;
}
