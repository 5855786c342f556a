import { closeSync, openSync, writeSync } from 'node:fs';
import type { TableDef } from '../target';
import { ByteWriter } from '../text/byteWriter';
import { encodeCsvLine, encodeCsvRows, type TextConverter } from '../text/csvRows';

/** One table as a CSV file: a header of column names, then rows; written synchronously, batch by batch. */
export class CsvTableFile {
  private readonly fd: number;
  private readonly out = new ByteWriter(1 << 20);

  constructor(
    readonly path: string,
    private readonly table: TableDef,
    private readonly converters: readonly TextConverter[] = [],
  ) {
    this.fd = openSync(path, 'w');
    encodeCsvLine(this.out, table.columns.map((c) => c.name));
    this.flush();
  }

  write(values: readonly unknown[], rowCount: number): void {
    encodeCsvRows(this.out, values, rowCount, this.table.columns.length, this.converters);
    this.flush();
  }

  close(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    let written = 0;
    while (written < this.out.length) written += writeSync(this.fd, this.out.buffer, written, this.out.length - written);
    this.out.length = 0;
  }
}
