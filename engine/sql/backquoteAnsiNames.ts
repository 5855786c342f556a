import { SqlRefusal } from './sqlRefusal';

/**
 * MariaDB runs spec SQL with ANSI_QUOTES, where `"name"` is a name as in the other dialects,
 * but the parser reads MariaDB's default, where `"…"` is text. Each double-quoted name
 * becomes a backquoted one of the same length: the parser then reads what the server runs,
 * and offsets stay those of the spec's SQL. Strings, comments and backquoted names are
 * skipped as MariaDB (and the parser) read them: `\` escapes and doubled quotes in strings.
 */
export function backquoteAnsiNames(sql: string): string {
  const out = sql.split('');
  let i = 0;
  const skipTo = (end: string) => {
    const at = sql.indexOf(end, i);
    i = at < 0 ? sql.length : at + end.length;
  };
  while (i < sql.length) {
    const char = sql[i];
    if (char === "'") {
      for (i++; i < sql.length; i++) {
        if (sql[i] === '\\') i++;
        else if (sql[i] === "'" && sql[i + 1] === "'") i++;
        else if (sql[i] === "'") break;
      }
      i++;
    } else if (char === '`') {
      for (i++; i < sql.length; i++) {
        if (sql[i] === '`' && sql[i + 1] === '`') i++;
        else if (sql[i] === '`') break;
      }
      i++;
    } else if (char === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) return out.join('');
      if (sql[end + 1] === '"' || sql.slice(i + 1, end).includes('`')) {
        throw new SqlRefusal(`the quoted name ${sql.slice(i, Math.min(end + 2, i + 40))} holds a quote`, i, 'names of tables and columns are letters, digits and _');
      }
      out[i] = '`';
      out[end] = '`';
      i = end + 1;
    } else if (char === '#' || (char === '-' && sql[i + 1] === '-')) skipTo('\n');
    else if (char === '/' && sql[i + 1] === '*') skipTo('*/');
    else i++;
  }
  return out.join('');
}
