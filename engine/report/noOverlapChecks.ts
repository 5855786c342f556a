import type { DatasetSpec } from '../spec/model';

/** A check the engine writes for the spec: run like the spec's own `checks:`. */
export interface GeneratedCheck {
  name: string;
  description: string;
  sql: string;
}

/**
 * One check per `no_overlap:` rule of a written table: the rows whose interval starts
 * before the end of the previous interval of the same resource (ordered by start). Empty
 * intervals and NULL starts are skipped as the generator skips them; a NULL end never ends.
 * Named `<table>.no_overlap.<per>` (`.<start>` added when a table has two rules per one column).
 */
export function noOverlapChecks(spec: DatasetSpec): GeneratedCheck[] {
  const checks: GeneratedCheck[] = [];
  for (const [table, tableSpec] of Object.entries(spec.tables)) {
    const rules = tableSpec.no_overlap ?? [];
    if (tableSpec.write === false) continue;
    for (const rule of rules) {
      // A column that is not written cannot be checked in the database.
      if ([rule.per, rule.start, rule.end].some((column) => tableSpec.columns[column]?.write === false)) continue;
      const shared = rules.filter((other) => other.per === rule.per).length > 1;
      checks.push({
        name: `${table}.no_overlap.${rule.per}${shared ? `.${rule.start}` : ''}`,
        description: `no two rows of one ${rule.per} have overlapping [${rule.start}, ${rule.end})`,
        sql: overlapSql(table, rule.per, rule.start, rule.end),
      });
    }
  }
  return checks;
}

function overlapSql(table: string, per: string, start: string, end: string): string {
  const q = (name: string) => `"${name}"`;
  const order = `PARTITION BY ${q(per)} ORDER BY ${q(start)}, ${q(end)}`;
  return [
    `SELECT per_value AS ${q(per)}, start_value AS ${q(start)}, end_value AS ${q(end)}, previous_end FROM (`,
    `  SELECT ${q(per)} AS per_value, ${q(start)} AS start_value, ${q(end)} AS end_value,`,
    `    LAG(${q(end)}) OVER (${order}) AS previous_end, ROW_NUMBER() OVER (${order}) AS row_in_resource`,
    `  FROM ${q(table)}`,
    `  WHERE ${q(per)} IS NOT NULL AND ${q(start)} IS NOT NULL AND (${q(end)} IS NULL OR ${q(end)} > ${q(start)})`,
    ') intervals',
    'WHERE row_in_resource > 1 AND (previous_end IS NULL OR previous_end > start_value)',
  ].join('\n');
}
