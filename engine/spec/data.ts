import { parse } from 'csv-parse/sync';
import { userError } from '../errors/problem';
import type { DataSetSpec } from './model';
import type { SourcePosition } from './positions';
import { readRegularFile, whyNotAFile } from './regularFile';

/** Reads a data set: CSV with a header (numbers become numbers) or inline rows. */
export function readDataSet(name: string, entry: DataSetSpec, at?: SourcePosition): Record<string, unknown>[] {
  const file = typeof entry === 'string' ? entry : entry.file;
  if (file === undefined) return (typeof entry === 'object' && entry.rows) || [];
  const text = readRegularFile(file, (kind) =>
    kind === 'missing'
      ? userError('DATA_FILE_NOT_FOUND', `data set "${name}": file ${file} does not exist`, { path: `data.${name}`, ...at, hint: 'data file paths are relative to the spec file that names them' })
      : userError('DATA_FILE_INVALID', `data set "${name}": ${file} ${whyNotAFile(kind)}`, { path: `data.${name}`, ...at, hint: 'name a CSV file with a header line' }),
  );
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, cast: castNumber });
  } catch (err) {
    throw userError('DATA_FILE_INVALID', `data set "${name}": ${file} is not valid CSV: ${(err as Error).message}`, { path: `data.${name}`, ...at, hint: 'the first line names the columns; quote fields that hold commas' });
  }
}

function castNumber(value: string): unknown {
  if (value === '') return null;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}
