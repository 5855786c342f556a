import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { resolveTarget } from '../../engine/targets/resolveTarget';
import { AWKWARD_TEXTS, customerRows, customers, orderRows, orders, writeAndCommit, writeTables } from './tables';

/** Reads a CSV file back, telling NULL (an empty field) from an empty string (`""`). */
function readCsv(path: string): (string | null)[][] {
  return parse(readFileSync(path), { cast: (value, context) => (value === '' && !context.quoting ? null : value) });
}

const asText = (rows: unknown[][]) => rows.map((row) => row.map((v) => (v === null ? null : String(v))));

describe('CSV target', () => {
  let parent: string;
  let folder: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'hopify-csv-'));
    folder = join(parent, 'out');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('writes one file per table with a header, RFC 4180 quoting and NULL as an empty field', async () => {
    await writeAndCommit(resolveTarget(`csv:${folder}`), [[customers, customerRows()], [orders, orderRows()]]);
    expect(readdirSync(folder).sort()).toEqual(['.hopify-engine', 'customers.csv', 'orders.csv']);
    const [header, ...rows] = readCsv(join(folder, 'customers.csv'));
    expect(header).toEqual(customers.columns.map((c) => c.name));
    expect(rows).toEqual(asText(customerRows()));
    expect(rows.map((r) => r[2]).slice(0, AWKWARD_TEXTS.length)).toEqual(AWKWARD_TEXTS);
    expect(readCsv(join(folder, 'orders.csv'))[1]).toEqual(['1', '1', '0', '01/03/2024']);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('replaces the folder at commit and leaves it untouched on abort', async () => {
    await writeAndCommit(resolveTarget(`csv:${folder}`), [[customers, customerRows()]]);
    const before = readFileSync(join(folder, 'customers.csv'), 'utf8');
    const aborted = resolveTarget(`csv:${folder}`);
    await aborted.open();
    await writeTables(aborted, [[orders, orderRows()]]);
    await aborted.createTable(customers);
    await aborted.writeRows(customers, customerRows()[0], 1);
    await aborted.abort();
    expect(readdirSync(folder).sort()).toEqual(['.hopify-engine', 'customers.csv']);
    expect(readFileSync(join(folder, 'customers.csv'), 'utf8')).toBe(before);
    expect(readdirSync(parent)).toEqual(['out']);

    await writeAndCommit(resolveTarget(`csv:${folder}`), [[orders, orderRows(2)]]);
    expect(readdirSync(folder).sort()).toEqual(['.hopify-engine', 'orders.csv']);
  });

  it('refuses SQL and table names that are not file names', async () => {
    const target = resolveTarget(`csv:${folder}`);
    expect(target.capabilities.sql).toBe(false);
    await expect(target.query('SELECT 1')).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'SPEC_BAD_OPTION' })] });
    await target.open();
    await expect(target.createTable({ ...customers, name: '../escape' })).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'SPEC_UNSAFE_PATH' })] });
    await target.abort();
    expect(existsSync(folder)).toBe(false);
  });
});
