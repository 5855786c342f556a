import { PluginOptionError, RowError, type Row, type RowFn } from '../contract';
import { raiseLimitHint, type Limits } from '../limits';
import { suggestName } from '../spec/suggest';
import { PARENT_INDEX } from './scope';
import type { RowFiller } from './rowFiller';

/** Drivers whose rows have a parent, and so siblings: only their tables read `previous.*`. */
const SIBLING_DRIVERS = 'per_parent, lifecycle or each_unit';

/**
 * `previous.<column>`: the value a column had in the previous row of the same parent (the
 * previous sibling, in output order), NULL in a parent's first row. Only the columns some
 * row reads this way are remembered. A read of `previous.*` is no dependency within the
 * row, so a column may read its own previous value (a running balance).
 */
export class PreviousRow {
  /** Columns read as `previous.<column>` → the columns reading them. */
  readonly readers = new Map<string, Set<string>>();
  private readonly values: Record<string, unknown> = {};
  private fields: string[] = [];
  private parentIndex: unknown = undefined;

  constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly limits: Limits,
  ) {}

  /** Resolves `previous.<field>` read by column `reader` (undefined: the driver's options); `hasParent`: whether the table's driver gives rows a parent. */
  read(field: string, reader: string | undefined, hasParent: boolean): RowFn {
    if (!hasParent) {
      throw new PluginOptionError(`"previous.${field}" reads the previous row of the same parent, but the rows of table "${this.table}" have no parent`, `previous.* is read in tables made by ${SIBLING_DRIVERS}`, [], 'SPEC_UNKNOWN_NAME');
    }
    if (!this.columns.includes(field)) {
      throw new PluginOptionError(`"previous.${field}": table "${this.table}" has no column "${field}"`, suggestName(field, [...this.columns], 'column'), [], 'SPEC_UNKNOWN_COLUMN');
    }
    if (reader === undefined) throw new PluginOptionError(`"previous.${field}" is read by a row's columns, not by the driver's options`, 'read previous.* in a column (expr:, from:, by:)', [], 'SPEC_UNKNOWN_NAME');
    if (!this.readers.has(field)) {
      this.readers.set(field, new Set());
      this.values[field] = null;
      this.fields = [...this.readers.keys()];
    }
    this.readers.get(field)!.add(reader);
    const values = this.values;
    return () => values[field];
  }

  /** Columns that read `previous.*`. */
  get readingColumns(): Set<string> {
    return new Set([...this.readers.values()].flatMap((readers) => [...readers]));
  }

  /** A chunk starts: its first row has no previous row (each chunk is made from its own streams alone). */
  startChunk(): void {
    this.parentIndex = undefined;
  }

  /** Wraps a filler: before a row, forget the previous row when the parent changed; after it, remember this row. */
  around(fill: RowFiller): RowFiller {
    const values = this.values;
    const fields = this.fields;
    return (row: Row, out, offset) => {
      if (row[PARENT_INDEX] !== this.parentIndex) {
        this.parentIndex = row[PARENT_INDEX];
        for (const field of fields) values[field] = null;
      }
      fill(row, out, offset);
      for (const field of fields) values[field] = this.remembered(field, row[field]);
    };
  }

  /** A text each row builds from the last one (`previous.t + previous.t`) could double per row: it stops at value_length. */
  private remembered(field: string, value: unknown): unknown {
    if (typeof value !== 'string' || value.length <= this.limits.value_length) return value;
    throw new RowError(
      `column "${field}" of table "${this.table}" holds ${value.length.toLocaleString('en-US')} characters, more than the ${this.limits.value_length.toLocaleString('en-US')} one value may have, and the next row reads it as previous.${field}`,
      raiseLimitHint('value_length', this.limits),
      'SPEC_TOO_COSTLY',
    );
  }
}
