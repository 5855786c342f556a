import type { Knex } from 'knex';
import type { ColumnType } from '../../contract';
import type { ColumnDef, TableDef } from '../target';
import { foreignKeysOf } from './foreignKeys';
import { foreignKeyName, hasUniqueConstraint, indexesOf, primaryKeyName, uniqueConstraintName } from './derivedNames';

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
      if (hasUniqueConstraint(table, column)) c.unique({ indexName: uniqueConstraintName(table, column.name) });
    }
    // The name as a string (its deprecated form): Knex writes an options object into SQLite's and MariaDB's DDL as text.
    if (table.primaryKey.length) t.primary(table.primaryKey, primaryKeyName(table));
    foreignKeys(t, table, schema);
  });
}

/** Foreign keys of a table created without them, added once its rows are in (one check instead of one per row). */
export function addForeignKeysWithKnex(knex: Knex, table: TableDef, schema?: string): Knex.SchemaBuilder {
  const builder = schema ? knex.schema.withSchema(schema) : knex.schema;
  return builder.alterTable(table.name, (t) => foreignKeys(t, table, schema));
}

function foreignKeys(t: Knex.CreateTableBuilder, table: TableDef, schema?: string): void {
  for (const key of foreignKeysOf(table)) {
    t.foreign(key.columns, foreignKeyName(table, key.columns.join('_'))).references(key.referencedColumns).inTable(schema ? `${schema}.${key.table}` : key.table);
  }
}

/** Indexes of a table, built after its rows are in. */
export function createIndexesWithKnex(knex: Knex, table: TableDef, schema?: string): Knex.SchemaBuilder[] {
  const builder = () => (schema ? knex.schema.withSchema(schema) : knex.schema);
  return indexesOf(table).map((index) =>
    builder().alterTable(table.name, (t) => {
      if (index.unique) t.unique(index.columns, { indexName: index.name });
      else t.index(index.columns, index.name);
    }),
  );
}
