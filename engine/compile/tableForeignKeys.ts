import type { Problem } from '../errors/problem';
import type { LoadedSpec } from '../spec/load';
import type { TableSpec } from '../spec/model';
import { formatPath, type SpecPath } from '../spec/positions';
import { suggestName } from '../spec/suggest';
import type { TableDef } from '../targets/target';

/**
 * Table-level `foreign_keys:` must name columns of their table, a written table and its
 * columns, as many on each side, and a key of the referenced table (its primary key or a
 * unique index, in the same order, which every SQL target accepts as a parent key).
 * Each problem at the line that holds it.
 */
export function tableForeignKeyProblems(loaded: LoadedSpec, skipTable: (name: string) => boolean = () => false): Problem[] {
  const problems: Problem[] = [];
  const tables = loaded.spec.tables;
  const fail = (path: SpecPath, code: Problem['code'], message: string, hint: string) => problems.push({ code, message, path: formatPath(path), ...loaded.positions.find(path), hint });
  for (const [name, table] of Object.entries(tables)) {
    if (skipTable(name)) continue;
    (table.foreign_keys ?? []).forEach((key, k) => {
      const at = ['tables', name, 'foreign_keys', k];
      const own = Object.keys(table.columns);
      key.columns.forEach((column, i) => {
        if (!Object.hasOwn(table.columns, column)) fail([...at, 'columns', i], 'SPEC_UNKNOWN_COLUMN', `table "${name}" has no column "${column}"`, suggestName(column, own, 'column'));
        else if (table.columns[column].write === false) fail([...at, 'columns', i], 'SPEC_BAD_OPTION', `column "${column}" of a foreign key is not written (write: false)`, 'write the column, or drop the foreign key');
      });
      const refName = key.references.table;
      if (skipTable(refName)) return;
      if (!Object.hasOwn(tables, refName)) {
        fail([...at, 'references', 'table'], 'SPEC_UNKNOWN_TABLE', `table "${refName}" does not exist`, suggestName(refName, Object.keys(tables), 'table'));
        return;
      }
      const referenced = tables[refName];
      const theirs = Object.keys(referenced.columns);
      let known = true;
      key.references.columns.forEach((column, i) => {
        if (Object.hasOwn(referenced.columns, column)) return;
        known = false;
        fail([...at, 'references', 'columns', i], 'SPEC_UNKNOWN_COLUMN', `table "${refName}" has no column "${column}"`, suggestName(column, theirs, 'column'));
      });
      if (key.columns.length !== key.references.columns.length) {
        const counts = `${key.columns.length} column${key.columns.length === 1 ? '' : 's'} refer to ${key.references.columns.length}`;
        fail([...at, 'columns'], 'SPEC_BAD_OPTION', `foreign key ${name}(${key.columns.join(', ')}) → ${refName}(${key.references.columns.join(', ')}): ${counts}`, 'give as many columns as the referenced key has, in its order');
        return;
      }
      if (!known) return;
      if (referenced.write === false || key.references.columns.some((c) => referenced.columns[c].write === false)) {
        fail([...at, 'references', 'table'], 'SPEC_BAD_OPTION', `foreign key of "${name}" refers to ${refName}, which is not written (write: false)`, 'write the referenced table and columns, or drop the foreign key');
        return;
      }
      const keys = keysOf(referenced);
      // A key naming a column its table lacks is reported at that key: whether this one matches it is moot.
      if (keys.some((k) => k.some((c) => !Object.hasOwn(referenced.columns, c)))) return;
      if (!keys.some((k) => k.join(',') === key.references.columns.join(','))) {
        const listed = keys.length ? `its keys: ${keys.map((k) => `(${k.join(', ')})`).join(', ')}` : 'it has no primary key or unique index';
        fail([...at, 'references', 'columns'], 'SPEC_BAD_OPTION', `${refName}(${key.references.columns.join(', ')}) is not a key of ${refName} (${listed})`, `refer to ${refName}'s primary key or a unique index, in its order, or declare one: primary_key: [${key.references.columns.join(', ')}]`);
      }
    });
  }
  return problems;
}

/** A table's keys: its primary key, its unique columns and its unique indexes, each in its order. */
function keysOf(table: TableSpec): string[][] {
  const primaryKey = table.primary_key ?? Object.keys(table.columns).filter((c) => table.columns[c].primary_key === true);
  const unique = Object.keys(table.columns).filter((c) => table.columns[c].unique === true).map((c) => [c]);
  const indexes = (table.indexes ?? []).flatMap((i) => (!Array.isArray(i) && i.unique === true ? [i.columns] : []));
  return [...(primaryKey.length ? [primaryKey] : []), ...unique, ...indexes];
}

/** The table's `foreign_keys:` as targets create them. */
export function tableForeignKeyDefs(table: TableSpec): TableDef['foreignKeys'] {
  return (table.foreign_keys ?? []).map((key) => ({ columns: key.columns, table: key.references.table, referencedColumns: key.references.columns }));
}
