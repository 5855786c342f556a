import { sqlUnavailable } from '../sqlUnavailable';
import { plainDecimalConverter } from '../text/decimalText';
import type { TableDef, Target } from '../target';
import { CsvTableFile } from './csvTableFile';
import { PartFolder } from './partFolder';
import { StagedFolder } from './stagedFolder';

/**
 * A folder of CSV files, one per table: a header row, RFC 4180 quoting, NULL
 * as an empty field and an empty string as `""`, dates as the spec formats
 * them. Written to a folder beside the output and swapped in at `commit`.
 */
export class CsvTarget implements Target {
  readonly capabilities = { sql: false, foreignKeys: false };
  readonly location: string;
  private readonly folder: StagedFolder | PartFolder;
  private file: CsvTableFile | undefined;

  /** With `part`, the files are one shard's part of each table (`<table>/part-NNNNN.*`); see PartFolder. `force` replaces a folder the engine did not write. */
  constructor(folder: string, part?: number, force = false) {
    this.folder = part === undefined ? new StagedFolder(folder, force) : new PartFolder(folder, part, force);
    this.location = this.folder.location;
  }

  async open(): Promise<void> {
    this.folder.open();
  }

  async createTable(table: TableDef): Promise<void> {
    this.file = new CsvTableFile(this.folder.path(table.name, 'csv'), table, table.columns.map(plainDecimalConverter));
  }

  writeRows(_table: TableDef, values: unknown[], rowCount: number): void {
    this.file!.write(values, rowCount);
  }

  async endTable(): Promise<void> {
    this.file?.close();
    this.file = undefined;
  }

  async query(): Promise<Record<string, unknown>[]> {
    throw sqlUnavailable('CSV');
  }

  async commit(): Promise<void> {
    this.folder.commit();
  }

  async abort(): Promise<void> {
    this.file?.close();
    this.file = undefined;
    this.folder.abort();
  }
}
