import type { SourceType } from '../sourceDatabase';

/** Declared type names by what they hold, matched at the start of the lower-cased declaration. */
const KINDS: Array<[RegExp, SourceType['kind']]> = [
  // MariaDB/MySQL write BOOLEAN as tinyint(1); a single bit is a flag too.
  [/^(bool\b|boolean\b|tinyint\(1\)|bit\(1\))/, 'boolean'],
  [/^(tinyint|smallint|mediumint|int|integer|bigint|int2|int4|int8|smallserial|serial|bigserial)\b/, 'integer'],
  [/^(real|double|float|float4|float8)\b/, 'real'],
  [/^(numeric|decimal|number)\b/, 'decimal'],
  [/^date$/, 'date'],
  [/^(datetime|timestamp)\b/, 'datetime'],
  [/^(text|tinytext|mediumtext|longtext|clob|citext|character varying|varchar|nvarchar)$/, 'text'],
  // MariaDB/MySQL enums and sets hold text; the profiler sees their values.
  [/^(enum|set)\(/, 'text'],
];

/**
 * A declared column type (`NUMERIC(12,2)`, `character varying(40)`, `int(11) unsigned`) as the
 * spec language can hold it; anything else is `unsupported`, keeping the declaration.
 */
export function sourceType(declared: string): SourceType {
  const text = declared.trim().toLowerCase().replace(/\s+/g, ' ');
  // PostgreSQL arrays (`integer[]`) hold lists, which no column type of the spec language does.
  if (text.endsWith(']')) return { kind: 'unsupported', declared };
  const decimal = /^(?:numeric|decimal|number) ?\( ?(\d+) ?(?:, ?(\d+) ?)?\)/.exec(text);
  if (decimal) return { kind: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2] ?? 0), declared };
  const varchar = /^(?:character varying|varchar|nvarchar|varchar2|nvarchar2) ?\( ?(\d+) ?\)/.exec(text);
  if (varchar) return { kind: 'varchar', length: Number(varchar[1]), declared };
  const char = /^(?:character|char|nchar|bpchar) ?\( ?(\d+) ?\)/.exec(text);
  if (char) return { kind: 'char', length: Number(char[1]), declared };
  const kind = KINDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'unsupported';
  return { kind, declared };
}

/**
 * SQLite's own rule for a declaration no name above matches (its "type affinity"): one holding
 * INT is an integer, CHAR/CLOB/TEXT text, REAL/FLOA/DOUB a real; a blob or no type stays unsupported.
 */
export function sqliteSourceType(declared: string): SourceType {
  const named = sourceType(declared);
  if (named.kind !== 'unsupported') return named;
  const upper = declared.toUpperCase();
  if (upper.includes('INT')) return { kind: 'integer', declared };
  if (/CHAR|CLOB|TEXT/.test(upper)) return { kind: 'text', declared };
  if (/REAL|FLOA|DOUB/.test(upper)) return { kind: 'real', declared };
  return named;
}
