/** The SQLite target's final check of keys that do not hold by construction: one join per key, MATCH SIMPLE as PRAGMA foreign_key_check. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../engine/index';
import { runSpec, writeSpec } from '../helpers/runSpec';

/** Each item names a (box, slot) pair of `slots`; `maxSlot` above 3 names slots that do not exist. */
const spec = (maxSlot: number, nulls = 0) => `
name: key_check
seed: 3
tables:
  boxes:
    rows: { count: { rows: 4, scaled: false } }
    columns:
      box_id: { type: integer, primary_key: true, sequence: {} }
  slots:
    rows: { per_parent: { parent: boxes, count: { constant: 3 } } }
    columns:
      box_id: { type: integer, from: parent.box_id, references: boxes.box_id }
      slot: { type: integer, from: child.number }
    primary_key: [box_id, slot]
  items:
    rows: { count: { rows: 200, scaled: false } }
    columns:
      item_id: { type: integer, primary_key: true, sequence: {} }
      box_id: { type: integer, integer: { min: 1, max: 4 }, references: boxes.box_id }
      slot: { type: integer, null_probability: ${nulls}, integer: { min: 1, max: ${maxSlot} } }
    foreign_keys:
      - { columns: [box_id, slot], references: { table: slots, columns: [box_id, slot] } }
`;

test('rows whose keys all match are written, and a NULL in a key column refers to nothing (MATCH SIMPLE)', async () => {
  const written = await runSpec(spec(3, 0.5));
  try {
    expect(written.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(Number((written.db.prepare('SELECT COUNT(*) AS n FROM items WHERE slot IS NULL').get() as { n: number }).n)).toBeGreaterThan(50);
  } finally {
    written.close();
  }
});

test('a composite key that breaks fails the run naming the table, the columns, the referenced key and how many rows; the output is not written', async () => {
  const file = writeSpec(spec(4));
  const out = join(file, '..', 'out.db');
  const failure = run(file, { target: out });
  await expect(failure).rejects.toMatchObject({
    problems: [
      expect.objectContaining({
        code: 'RUN_CONSTRAINT',
        path: 'tables.items.foreign_keys',
        message: expect.stringMatching(/^table "items": \d+ row\(s\) of \(box_id, slot\) refer to no slots\(box_id, slot\)$/),
      }),
    ],
  });
  expect(existsSync(out)).toBe(false);
});

test('a single-column key that breaks names its column', async () => {
  await expect(runSpec(spec(3).replace('min: 1, max: 4 }, references', 'min: 1, max: 5 }, references'))).rejects.toMatchObject({
    problems: [expect.objectContaining({ code: 'RUN_CONSTRAINT', path: 'tables.items.columns.box_id', message: expect.stringMatching(/^table "items": \d+ row\(s\) of box_id refer to no boxes\.box_id$/) })],
  });
});
