import { foreignKeysOf } from '../../engine/targets/sql/foreignKeys';
import type { TableDef } from '../../engine/targets/target';

const column = (name: string, references?: { table: string; column: string }) => ({ name, type: 'integer', primaryKey: false, notNull: false, unique: false, index: false, references }) as unknown as TableDef['columns'][number];

describe('the foreign keys a SQL target creates', () => {
  it('makes one constraint of a key declared both on its column and in foreign_keys (two of one name failed on PostgreSQL)', () => {
    const table = {
      name: 'b',
      columns: [column('a_id', { table: 'a', column: 'id' }), column('x'), column('y')],
      foreignKeys: [
        { columns: ['a_id'], table: 'a', referencedColumns: ['id'] },
        { columns: ['x', 'y'], table: 'c', referencedColumns: ['p', 'q'] },
        { columns: ['x', 'y'], table: 'c', referencedColumns: ['p', 'q'] },
      ],
    } as unknown as TableDef;
    expect(foreignKeysOf(table).map((k) => `${k.columns.join(',')}→${k.table}(${k.referencedColumns.join(',')})`)).toEqual(['a_id→a(id)', 'x,y→c(p,q)']);
  });

  it('keeps keys of the same columns to different tables apart', () => {
    const table = {
      name: 'b',
      columns: [column('x')],
      foreignKeys: [
        { columns: ['x'], table: 'a', referencedColumns: ['id'] },
        { columns: ['x'], table: 'c', referencedColumns: ['id'] },
      ],
    } as unknown as TableDef;
    expect(foreignKeysOf(table)).toHaveLength(2);
  });
});
