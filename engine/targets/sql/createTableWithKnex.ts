import type { Knex } from 'knex';
import type { ColumnType } from '../../contract';
import type { TableDef } from '../target';

/**
 * DDL through Knex's schema builder: the dialect quotes names; `types` maps the
 * spec's column types to the dialect's. Indexes are left for `createIndexes`
 * (after the bulk load, where that is faster).
 */
export function createTableWithKnex(knex: Knex, table: TableDef, types: Record<ColumnType, string>, schema?: string): Knex.SchemaBuilder {
  const builder = schema ? knex.schema.withSchema(schema) : knex.schema;
  return builder.createTable(table.name, (t) => {
    for (const column of table.columns) {
      const c = t.specificType(column.name, types[column.type]);
      if (column.notNull || column.primaryKey) c.notNullable();
      if (column.unique && !(column.primaryKey && table.primaryKey.length === 1)) c.unique();
    }
    if (table.primaryKey.length) t.primary(table.primaryKey);
    for (const column of table.columns) {
      if (!column.references) continue;
      t.foreign(column.name).references(column.references.column).inTable(schema ? `${schema}.${column.references.table}` : column.references.table);
    }
  });
}

/** Indexes of a table, built after its rows are in. */
export function createIndexesWithKnex(knex: Knex, table: TableDef, schema?: string): Knex.SchemaBuilder[] {
  const builder = () => (schema ? knex.schema.withSchema(schema) : knex.schema);
  const all = [
    ...table.indexes,
    ...table.columns.filter((c) => c.index).map((c) => ({ columns: [c.name], unique: false })),
  ];
  return all.map((index) =>
    builder().alterTable(table.name, (t) => {
      const name = `${table.name}_${index.columns.join('_')}_${index.unique ? 'uniq' : 'idx'}`;
      if (index.unique) t.unique(index.columns, { indexName: name });
      else t.index(index.columns, name);
    }),
  );
}
