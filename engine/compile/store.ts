import { PluginOptionError, type ColumnType, type TableHandle } from '../contract';
import { suggestName } from '../spec/suggest';

/** A growable column: numbers in a Float64Array (NaN for NULL), anything else in an array. */
class KeptColumn {
  private numbers: Float64Array | undefined;
  private values: unknown[] | undefined;
  length = 0;

  constructor(numeric: boolean) {
    if (numeric) this.numbers = new Float64Array(1024);
    else this.values = [];
  }

  push(value: unknown): void {
    if (this.numbers) {
      if (this.length === this.numbers.length) {
        const grown = new Float64Array(this.numbers.length * 2);
        grown.set(this.numbers);
        this.numbers = grown;
      }
      this.numbers[this.length++] = value === null || value === undefined ? NaN : Number(value);
    } else {
      this.values!.push(value);
      this.length++;
    }
  }

  /** The value of row `index` (NULL for NaN); a method, so readers of every column share one call target. */
  get(index: number): unknown {
    if (this.numbers) {
      const v = this.numbers[index];
      return v !== v ? null : v;
    }
    return this.values![index];
  }
}

const NUMERIC: ReadonlySet<ColumnType> = new Set(['integer', 'real', 'decimal', 'boolean', 'date', 'datetime']);

/**
 * The columns of a table that later tables read (keys, segments, dates), kept
 * compactly after the table is written. Columns nobody reads are not kept.
 */
export class TableStore implements TableHandle {
  private readonly kept = new Map<string, KeptColumn>();
  private rows = 0;
  private keptNames: string[] = [];
  /** The kept columns in keptNames' order: appending a row reads no map. */
  private keptList: KeptColumn[] = [];

  constructor(
    readonly name: string,
    private readonly types: ReadonlyMap<string, ColumnType>,
    /** The columns whose values follow from the row index alone (engine/compile/indexValues.ts). */
    private readonly indexValues: (column: string) => ((index: number) => unknown) | undefined = () => undefined,
  ) {}

  /** Declares at compile time that `column` must be kept. */
  keep(column: string): void {
    if (this.kept.has(column)) return;
    this.kept.set(column, new KeptColumn(NUMERIC.has(this.types.get(column) ?? 'text')));
    this.keptNames = [...this.kept.keys()];
    this.keptList = [...this.kept.values()];
  }

  get keptColumns(): readonly string[] {
    return this.keptNames;
  }

  append(row: Record<string, unknown>): void {
    for (let i = 0; i < this.keptList.length; i++) this.keptList[i].push(row[this.keptNames[i]]);
    this.rows++;
  }

  /** A row another shard generates: counted, so size() is the whole table's; nothing is kept (a table with kept columns is generated whole). */
  skip(): void {
    this.rows++;
  }

  size(): number {
    return this.rows;
  }

  columns(): readonly string[] {
    return [...this.types.keys()];
  }

  column(column: string): (index: number) => unknown {
    this.mustHave(column);
    this.keep(column);
    const kept = this.kept.get(column)!;
    return (i) => kept.get(i);
  }

  valueByIndex(column: string): ((index: number) => unknown) | undefined {
    this.mustHave(column);
    const value = this.indexValues(column);
    if (!value || !NUMERIC.has(this.types.get(column)!)) return value;
    // As a kept numeric column gives it back: a number, NULL for NaN.
    return (index) => {
      const v = value(index);
      const n = v === null || v === undefined ? NaN : Number(v);
      return n !== n ? null : n;
    };
  }

  private mustHave(column: string): void {
    if (!this.types.has(column)) {
      throw new PluginOptionError(`table "${this.name}" has no column "${column}"`, suggestName(column, [...this.types.keys()], 'column'), [], 'SPEC_UNKNOWN_COLUMN');
    }
  }
}
