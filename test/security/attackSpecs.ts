/**
 * Specs that carry one statement of spec SQL in one of its four places (a context query, a
 * check, a KPI, a chart), written as a literal block so the test knows the file:line:col of
 * every part of the statement.
 */

export type SqlPlace = 'context' | 'check' | 'kpi' | 'chart';

export interface AttackSpec {
  text: string;
  /** Spec path of the statement. */
  path: string;
  /** The file's 1-based line:col of `part` (its first occurrence) in the statement. */
  at(part: string): { line: number; col: number };
}

const HEADER = `name: attack
seed: 1
as_of: 2025-06-30
`;

/** Two written tables (one read by the other's context) and an internal one. */
const TABLES = `tables:
  customers:
    rows: { count: 5 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      segment: { type: text, choice: { consumer: 1, business: 1 } }
  internal_scores:
    write: false
    rows: { count: 5 }
    columns:
      score: { type: integer, sequence: {} }
  orders:
    CONTEXT
    rows:
      per_parent: { parent: customers, count: { constant: 1 } }
    columns:
      order_id: { type: integer, primary_key: true, sequence: {} }
      customer_id: { type: integer, from: parent.customer_id, references: customers.customer_id }
      n: { type: integer, expr: "coalesce(context.n, 0)" }
`;

const QUIET_CONTEXT = 'context: { sql: "SELECT customer_id, 1 AS n FROM customers", key: customer_id, on: parent.customer_id }';

/** Each place: the statement's indentation and spec path. */
const PLACES: Record<SqlPlace, { indent: number; path: string }> = {
  context: { indent: 8, path: 'tables.orders.context.sql' },
  check: { indent: 4, path: 'checks.attack' },
  kpi: { indent: 8, path: 'kpis.metrics.attack.sql' },
  chart: { indent: 6, path: 'charts.attack.sql' },
};

/** A spec whose `place` holds `sql` (a literal block, so its lines are the file's lines). */
export function attackSpec(place: SqlPlace, sql: string): AttackSpec {
  const block = (indent: number) => sql.split('\n').map((line) => ' '.repeat(indent) + line).join('\n') + '\n';
  let text: string;
  const { indent, path } = PLACES[place];
  if (place === 'context') {
    text = HEADER + TABLES.replace('CONTEXT', `context:\n      key: customer_id\n      on: parent.customer_id\n      sql: |\n${block(indent)}`.trimEnd());
  } else {
    const tables = TABLES.replace('CONTEXT', QUIET_CONTEXT);
    const section = {
      check: `checks:\n  attack: |\n${block(indent)}`,
      kpi: `kpis:\n  metrics:\n    attack:\n      sql: |\n${block(indent)}`,
      chart: `charts:\n  attack:\n    type: bar\n    x: segment\n    y: n\n    sql: |\n${block(indent)}`,
    }[place];
    text = HEADER + tables + section;
  }
  const firstLine = text.split('\n').findIndex((line) => line === ' '.repeat(indent) + sql.split('\n')[0]) + 1;
  return {
    text,
    path,
    at(part) {
      const offset = sql.indexOf(part);
      if (offset < 0) throw new Error(`"${part}" is not in the statement`);
      const lines = sql.slice(0, offset).split('\n');
      return { line: firstLine + lines.length - 1, col: indent + lines[lines.length - 1].length + 1 };
    },
  };
}
