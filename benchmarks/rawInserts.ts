import Database from 'better-sqlite3';

/** The same pseudo-random numbers in [0, 1) on every machine (Park–Miller), for rows made before a clock starts. */
export function parkMiller(seed = 1): () => number {
  return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}

/**
 * L, the raw SQLite limit: `values` (rows of `width` values, made beforehand) through prepared
 * 500-row INSERTs in one better-sqlite3 transaction, journal and sync off, into a new file
 * whose table `createSql` makes. Returns the wall and CPU seconds of the inserts alone.
 */
export function timeRawInserts(file: string, createSql: string, table: string, width: number, values: unknown[]): { seconds: number; cpuSeconds: number } {
  const db = new Database(file);
  try {
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF');
    db.exec(createSql);
    const perStatement = 500;
    const insert = db.prepare(`INSERT INTO ${table} VALUES ${Array(perStatement).fill(`(${Array(width).fill('?').join(', ')})`).join(', ')}`);
    const cpu = process.cpuUsage();
    const started = performance.now();
    db.exec('BEGIN');
    for (let offset = 0; offset < values.length; offset += perStatement * width) insert.run(values.slice(offset, offset + perStatement * width));
    db.exec('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    return { seconds, cpuSeconds: (user + system) / 1e6 };
  } finally {
    db.close();
  }
}
