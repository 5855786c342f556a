/** Foreign keys made by a plain `ref:` or `from: parent.<key>` are certain by construction and not checked again; any other is checked before the rename. */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileSpecFile } from '../../engine/index';
import { runSpec, writeSpec } from '../helpers/runSpec';

const spec = `
name: keys
seed: 2
tables:
  accounts:
    rows: { count: 50 }
    columns:
      account_id: { type: integer, primary_key: true, sequence: {} }
      code: { type: text, unique: true, pattern: "ACC-[0-9]{6}" }
      score: { type: real, uniform: { min: 0, max: 1 } }
  events:
    rows: { count: 500 }
    columns:
      event_id: { type: integer, primary_key: true, sequence: {} }
      plain: { type: integer, ref: accounts.account_id }
      by_code: { type: text, null_probability: 0.1, ref: accounts.code }
      as_real: { type: real, ref: accounts.account_id }
      in_cases: { type: integer, by: plain, cases: { "1": { constant: 1 } }, ref: accounts.account_id }
      declared: { type: integer, integer: { min: 1, max: 50 }, references: accounts.account_id }
  sessions:
    rows: { per_parent: { parent: accounts, count: { constant: 2 } } }
    columns:
      account_id: { type: integer, from: parent.account_id, references: accounts.account_id }
  clicks:
    rows: { per_parent: { parent: events, count: { constant: 1 } } }
    columns:
      account_id: { type: integer, from: parent.plain, references: accounts.account_id }
`;

test('only a column made by ref: to the key, or from: parent.<key> of the referenced table, alone and with the key’s type and format, is certain', () => {
  const file = writeSpec(spec);
  try {
    const tables = compileSpecFile(file).tables;
    const certainty = (table: string) => Object.fromEntries(tables.get(table)!.def.columns.filter((c) => c.references).map((c) => [c.name, c.references!.certain === true]));
    expect(certainty('events')).toEqual({ plain: true, by_code: true, as_real: false, in_cases: false, declared: false });
    expect(certainty('sessions')).toEqual({ account_id: true });
    // The parent is events, not the referenced accounts: its values are checked.
    expect(certainty('clicks')).toEqual({ account_id: false });
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
});

test('a table with only certain keys is written without a violation; an uncertain key that breaks fails the run', async () => {
  const certainOnly = spec.replace(/\n {6}as_real.*|\n {6}in_cases.*|\n {6}declared.*|\n {2}clicks:[^]*$/g, '\n');
  const run = await runSpec(certainOnly);
  try {
    expect(run.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(run.db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 500 });
  } finally {
    run.close();
  }
  await expect(runSpec(certainOnly.replace('max: 1 } }', 'max: 1 } }\n      broken: { type: integer, integer: { min: 51, max: 60 }, references: accounts.account_id }'))).rejects.toMatchObject({
    problems: [expect.objectContaining({ code: 'RUN_CONSTRAINT' })],
  });
});
