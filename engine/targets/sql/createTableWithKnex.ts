import type { Knex } from 'knex';
import type { ColumnType } from '../../contract';
import type { ColumnDef, TableDef } from '../target';

/** SQL types: one per spec type, or chosen per column (MySQL indexes TEXT only as VARCHAR). */
export type ColumnTypes = Record<ColumnType, string> | ((column: ColumnDef) => string);

/**
 * DDL through Knex's schema builder: the dialect quotes names; `types` maps the
 * spec's column types to the dialect's. Indexes are left for `createIndexes`
 * (after the bulk load, where that is faster).
 */
export function createTableWithKnex(knex: Knex, table: TableDef, types: ColumnTypes, schema?: string): Knex.SchemaBuilder {
  const builder = schema ? knex.schema.withSchema(schema) : knex.schema;
  return builder.createTable(table.name, (t) => {
    for (const column of table.columns) {
      const c = t.specificType(column.name, typeof types === 'function' ? types(column) : types[column.type]);
      if (column.notNull || column.primaryKey) c.notNullable();
      if (column.unique && !(column.primaryKey && table.primaryKey.length === 1)) c.unique();
    }
    if (table.primaryKey.length) t.primary(table.primaryKey);
    foreignKeys(t, table, schema);
  });
}

/** Foreign keys of a table created without them, added once its rows are in (one check instead of one per row). */
export function addForeignKeysWithKnex(knex: Knex, table: TableDef, schema?: string): Knex.SchemaBuilder {
  const builder = schema ? knex.schema.withSchema(schema) : knex.schema;
  return builder.alterTable(table.name, (t) => foreignKeys(t, table, schema));
}

function foreignKeys(t: Knex.CreateTableBuilder, table: TableDef, schema?: string): void {
  for (const column of table.columns) {
    if (!column.references) continue;
    t.foreign(column.name).references(column.references.column).inTable(schema ? `${schema}.${column.references.table}` : column.references.table);
  }
}

/** Indexes of a table, built after its rows are in. */
export function createIndexesWithKnex(knex: Knex, table: TableDef, schema?: string): Knex.SchemaBuilder[] {
  const builder = () => (schema ? knex.schema.withSchema(schema) : knex.schema);
  const named = new Map<string, { columns: string[]; unique: boolean }>();
  // An index given twice (in `indexes:` and as a column's `index: true`) is made once.
  for (const index of [...table.indexes, ...table.columns.filter((c) => c.index).map((c) => ({ columns: [c.name], unique: false }))]) {
    named.set(`${table.name}_${index.columns.join('_')}_${index.unique ? 'uniq' : 'idx'}`, index);
  }
  return [...named].map(([name, index]) =>
    builder().alterTable(table.name, (t) => {
      if (index.unique) t.unique(index.columns, { indexName: name });
      else t.index(index.columns, name);
    }),
  );
}
