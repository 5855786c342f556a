import type { SourceDatabase, SourceTable } from '../../engine/init/sourceDatabase';

/** How close a regenerated database must be to its source (issue #18's "Must show"). */
export const TOLERANCE = { rowCount: 0.1, totalVariation: 0.05, mean: 0.1 };
/** At most this many distinct values, each seen this many times on average, make a column a category, compared by its distribution. */
const CATEGORY_VALUES = 20;
const CATEGORY_REPEATS = 5;
/**
 * A copy is a random draw: on a small table even a perfect fit differs from its source by
 * chance. A difference is allowed up to this many times what chance alone gives on average
 * (so TOLERANCE binds on big tables, chance on small ones).
 */
const CHANCE = 3;
/** Rows compared per table. */
const SAMPLE = 20_000;

/**
 * Where `copy` differs from `source` beyond TOLERANCE, one line each (none when it is a
 * look-alike), and which columns were compared: tables, primary and foreign keys, row counts, the distribution of each
 * low-cardinality text or boolean column (total variation distance, NULL a value like any
 * other), the mean of each numeric column that is no key; each within TOLERANCE or what
 * chance gives on a table that size (CHANCE).
 */
export async function differences(source: SourceDatabase, copy: SourceDatabase): Promise<{ found: string[]; compared: string[] }> {
  const found: string[] = [];
  /** The columns whose values were compared, so a test can tell the comparison looked at something. */
  const compared: string[] = [];
  const [original, made] = [await source.schema(), await copy.schema()];
  const names = (tables: SourceTable[]) => tables.map((table) => table.name).sort();
  if (JSON.stringify(names(original.tables)) !== JSON.stringify(names(made.tables))) found.push(`tables: ${names(original.tables)} became ${names(made.tables)}`);
  for (const table of original.tables) {
    const twin = made.tables.find((candidate) => candidate.name === table.name);
    if (!twin) continue;
    const keys = (t: SourceTable) => JSON.stringify(t.foreignKeys.map((key) => JSON.stringify(key)).sort());
    if (JSON.stringify(table.primaryKey) !== JSON.stringify(twin.primaryKey)) found.push(`${table.name}: primary key ${table.primaryKey} became ${twin.primaryKey}`);
    if (keys(table) !== keys(twin)) found.push(`${table.name}: foreign keys ${keys(table)} became ${keys(twin)}`);
    if (Math.abs(twin.rowCount - table.rowCount) > TOLERANCE.rowCount * table.rowCount) found.push(`${table.name}: ${table.rowCount} rows became ${twin.rowCount}`);
    const [rows, copied] = [await source.sample(table.name, SAMPLE), await copy.sample(table.name, SAMPLE)];
    const keyColumns = new Set([...table.primaryKey, ...table.foreignKeys.flatMap((key) => key.columns)]);
    for (const column of table.columns) {
      const before = rows.map((row) => row[column.name]);
      const after = copied.map((row) => row[column.name]);
      const where = `${table.name}.${column.name}`;
      const distinct = new Set(before).size;
      if (['text', 'varchar', 'char', 'boolean'].includes(column.type.kind) && distinct <= CATEGORY_VALUES && before.length >= CATEGORY_REPEATS * distinct) {
        compared.push(where);
        const distance = totalVariation(before, after);
        const allowed = Math.max(TOLERANCE.totalVariation, CHANCE * chanceVariation(before, after.length));
        if (distance > allowed) found.push(`${where}: total variation ${distance.toFixed(3)} > ${allowed.toFixed(3)} on ${after.length} rows (${shares(before)} became ${shares(after)})`);
      }
      if (['integer', 'real', 'decimal'].includes(column.type.kind) && !keyColumns.has(column.name)) {
        const [was, is] = [mean(before), mean(after)];
        if (was === undefined) continue;
        compared.push(where);
        const present = numbers(after).length;
        const allowed = Math.max(TOLERANCE.mean * Math.abs(was), (CHANCE * spread(before)) / Math.sqrt(Math.max(1, present)));
        if (is === undefined || Math.abs(is - was) > allowed) found.push(`${where}: mean ${was.toPrecision(4)} became ${is?.toPrecision(4)} (allowed ±${allowed.toPrecision(3)} on ${present} values)`);
      }
    }
  }
  return { found, compared };
}

function frequencies(values: unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1 / values.length);
  return counts;
}

function totalVariation(a: unknown[], b: unknown[]): number {
  const [p, q] = [frequencies(a), frequencies(b)];
  let sum = 0;
  for (const key of new Set([...p.keys(), ...q.keys()])) sum += Math.abs((p.get(key) ?? 0) - (q.get(key) ?? 0));
  return sum / 2;
}

/** The total variation distance `n` draws from the source's distribution are expected to show by chance (E|p̂ − p| ≈ √(2p(1 − p)/πn) per value). */
function chanceVariation(values: unknown[], n: number): number {
  let sum = 0;
  for (const share of frequencies(values).values()) sum += Math.sqrt((2 * share * (1 - share)) / (Math.PI * Math.max(1, n)));
  return sum / 2;
}

const shares = (values: unknown[]) =>
  [...frequencies(values)]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 6)
    .map(([value, share]) => `${value} ${share.toFixed(3)}`)
    .join(', ');

const numbers = (values: unknown[]) => values.filter((value): value is number => typeof value === 'number');

function mean(values: unknown[]): number | undefined {
  const present = numbers(values);
  return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0) / present.length;
}

/** The standard deviation: a mean near zero is judged against it, not against itself. */
function spread(values: unknown[]): number {
  const present = numbers(values);
  const centre = mean(present) ?? 0;
  return Math.sqrt(present.reduce((sum, value) => sum + (value - centre) ** 2, 0) / Math.max(1, present.length));
}
