import { parseWriterMark, isGone, writerMark } from '../ownership/writer';
import { quoteName } from './insertStatements';

type Run = (sql: string, values?: unknown[]) => Promise<any>;

/** A table no spec can name (spec names have no spaces): its comment marks a staging database as the engine's and names the run. */
const MARK_TABLE = 'hopify-engine staging';

/** The names the engine gives its staging databases: `staging_<12 hex>`, and `…_old` for the tables a commit moves out. */
const STAGING_NAME = /^staging_[0-9a-f]{12}(_old)?$/;

/**
 * Creates a staging database with the engine's mark in it: DDL is not transactional here,
 * so a killed run leaves it behind, and the mark lets a later run remove it.
 */
export async function createStagingDatabase(run: Run, name: string): Promise<void> {
  await run(`CREATE DATABASE ${quoteName(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await run(`CREATE TABLE ${quoteName(name)}.${quoteName(MARK_TABLE)} (mark INT) COMMENT = ?`, [writerMark()]);
}

/**
 * Drops the staging databases of killed runs: named as the engine names them, carrying its
 * mark, made on this machine by a process that is gone. Another machine's stay (its
 * process cannot be asked); so does anything without the mark.
 */
export async function dropLeftoverStagingDatabases(run: Run): Promise<void> {
  const marked = (await run("SELECT TABLE_SCHEMA AS db, TABLE_COMMENT AS mark FROM information_schema.TABLES WHERE TABLE_NAME = ? AND TABLE_SCHEMA LIKE 'staging\\_%'", [MARK_TABLE])) as { db: string; mark: string }[];
  for (const { db, mark } of marked) {
    const writer = parseWriterMark(mark);
    if (STAGING_NAME.test(db) && writer && isGone(writer)) await run(`DROP DATABASE IF EXISTS ${quoteName(db)}`);
  }
}
