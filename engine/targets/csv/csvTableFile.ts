import { closeSync, openSync, writeSync } from 'node:fs';
import type { TableDef } from '../target';
import { csvLine, csvText } from '../text/csvText';
import type { TextConverter } from '../text/isoDateText';

/** One table as a CSV file: a header of column names, then rows; written synchronously, batch by batch. */
export class CsvTableFile {
  private readonly fd: number;

  constructor(
    readonly path: string,
    private readonly table: TableDef,
    private readonly converters: readonly TextConverter[] = [],
  ) {
    this.fd = openSync(path, 'w');
    this.append(csvLine(table.columns.map((c) => c.name)));
  }

  write(values: readonly unknown[], rowCount: number): void {
    this.append(csvText(values, rowCount, this.table.columns.length, this.converters));
  }

  close(): void {
    closeSync(this.fd);
  }

  private append(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }
}
