import { userError } from '../errors/problem';
import { CsvTarget } from './csv/csvTarget';
import { MysqlTarget } from './mysql/mysqlTarget';
import { localOutputPath } from './outputPath';
import { ParquetTarget } from './parquet/parquetTarget';
import { PostgresTarget } from './postgres/postgresTarget';
import type { SqliteClient } from './sqlite/sqliteDriver';
import { SqliteTarget } from './sqlite/sqliteTarget';
import type { Target } from './target';

export interface TargetOptions {
  /** Node driver under Knex for SQLite files. */
  sqliteClient?: SqliteClient;
  /** Database schema for server targets. */
  schema?: string;
  /** Write one shard's part of each table (`--shard`, `--workers` to folders): only folder targets can. */
  part?: number;
  /** Create a server target's missing database (MariaDB/MySQL) or schema (PostgreSQL) (`--create`); without it a missing one is an error. */
  create?: boolean;
  /** Replace an existing output file or folder the engine did not write (`--force`). */
  force?: boolean;
}

interface TargetKind {
  /** Does this kind handle the `--target` / `output` text? */
  matches(where: string): boolean;
  create(where: string, options: TargetOptions): Target;
  /** Can write a shard's part of each table beside the other shards' parts. */
  parts?: boolean;
}

/** The target kinds, first match wins; a plain path is a SQLite file. */
const KINDS: TargetKind[] = [
  { matches: (where) => /^postgres(ql)?:\/\//i.test(where), create: (where, options) => new PostgresTarget(where, options.schema, options.create) },
  { matches: (where) => /^mysql:\/\//i.test(where), create: (where, options) => new MysqlTarget(where, options.schema, { create: options.create }) },
  { matches: (where) => /^csv:/i.test(where), create: (where, options) => new CsvTarget(localOutputPath(where)!, options.part, options.force), parts: true },
  { matches: (where) => /^parquet:/i.test(where), create: (where, options) => new ParquetTarget(localOutputPath(where)!, options.part, options.force), parts: true },
  { matches: (where) => !/^[a-z][a-z0-9+]*:/i.test(where) || /^file:/i.test(where), create: (where, options) => new SqliteTarget(localOutputPath(where)!, options.sqliteClient, options.force) },
];

/** Can the target for `where` take parts (`--shard`)? */
export function takesParts(where: string): boolean {
  return KINDS.find((k) => k.matches(where))?.parts === true;
}

/** Opens nothing yet: picks the target for a path or URL. */
export function resolveTarget(where: string, options: TargetOptions = {}): Target {
  const kind = KINDS.find((k) => k.matches(where));
  if (!kind) {
    throw userError('TARGET_UNREACHABLE', `no target understands "${where}"`, { hint: 'use a SQLite file path, postgres://…, mysql://…, csv:<folder> or parquet:<folder>' });
  }
  if (options.part !== undefined && !kind.parts) {
    throw userError('SPEC_BAD_OPTION', `--shard writes parts, which "${where}" cannot take: a database or a file is one place, and shards would replace each other`, {
      hint: 'write the shards to csv:<folder> or parquet:<folder> and load the parts (docs/scale-out.md)',
    });
  }
  return kind.create(where, options);
}
