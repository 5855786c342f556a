import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { run, validate, type RunSpecOptions } from '../../engine/index';
import type { Problem } from '../../engine/errors/problem';
import type { RunResult } from '../../engine/run/runCompiled';

export interface SpecRun {
  result: RunResult;
  db: Database.Database;
  dbPath: string;
  rows(table: string): Record<string, unknown>[];
  close(): void;
}

/** Writes an inline spec (and any extra files beside it) into a temp folder; returns the spec path. */
export function writeSpec(yamlText: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-spec-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const path = join(dir, 'spec.yaml');
  writeFileSync(path, yamlText);
  return path;
}

/** Runs an inline spec into a temp SQLite file and opens it read-only. */
export async function runSpec(yamlText: string, options: RunSpecOptions & { files?: Record<string, string> } = {}): Promise<SpecRun> {
  const specPath = writeSpec(yamlText, options.files);
  const dbPath = join(specPath, '..', 'out.db');
  const result = await run(specPath, { target: dbPath, ...options });
  const db = new Database(dbPath, { readonly: true });
  return {
    result,
    db,
    dbPath,
    rows: (table) => db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[],
    close: () => {
      db.close();
      rmSync(join(specPath, '..'), { recursive: true, force: true });
    },
  };
}

/** Problems of an inline spec (empty when valid). */
export function validateSpec(yamlText: string, options: RunSpecOptions & { files?: Record<string, string> } = {}): Problem[] {
  const specPath = writeSpec(yamlText, options.files);
  try {
    return validate(specPath, options);
  } finally {
    rmSync(join(specPath, '..'), { recursive: true, force: true });
  }
}
