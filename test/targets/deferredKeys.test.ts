import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { compileSpecFile, run } from '../../engine/index';
import { tablesWithDependencies } from '../../engine/graph/select';
import { runSpec, writeSpec } from '../helpers/runSpec';
import { describeWithServer, MYSQL, POSTGRES } from './servers';

/** `lines` is declared first and reads nothing of `invoices`: it is written first, its key to invoices checked at the end. */
const spec = (maxInvoice = 10) => `
name: deferred_keys
seed: 4
tables:
  lines:
    rows: { count: 60 }
    columns:
      line_id: { type: integer, primary_key: true, sequence: {} }
      invoice_id: { type: integer, not_null: true, integer: { min: 1, max: ${maxInvoice} }, references: invoices.invoice_id }
  invoices:
    rows: { count: { rows: 10, scaled: false } }
    columns:
      invoice_id: { type: integer, primary_key: true, sequence: {} }
`;

describe('a foreign key to a table written later', () => {
  it('adds no dependency: the referencing table is written first, and --tables still takes the referenced one', () => {
    const file = writeSpec(spec());
    try {
      const compiled = compileSpecFile(file);
      expect(compiled.order).toEqual(['lines', 'invoices']);
      expect([...compiled.tables.get('lines')!.edges.keys()]).toEqual([]);
      expect([...tablesWithDependencies(compiled, ['lines'])].sort()).toEqual(['invoices', 'lines']);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });

  it('is declared and checked at the end on SQLite', async () => {
    const good = await runSpec(spec());
    try {
      expect(good.result.tables.map((t) => t.name)).toEqual(['lines', 'invoices']);
      expect(good.db.prepare("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('lines')").all()).toEqual([{ table: 'invoices', from: 'invoice_id', to: 'invoice_id' }]);
    } finally {
      good.close();
    }
    await expect(runSpec(spec(20))).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'RUN_CONSTRAINT' })] });
  });
});

interface Written {
  /** Foreign keys as `table.column -> table.column`. */
  keys: string[];
  /** Rows of `lines`; 0 when there is no such table. */
  lines: number;
}

/** Runs the spec into a server's own schema or database, then the broken spec over it: the first tables stay. */
function describeOn(server: typeof POSTGRES, written: (url: string, schema: string) => Promise<Written>, drop: (url: string, schema: string) => Promise<void>) {
  describeWithServer(server, `a foreign key to a table written later, on ${server.name}`, (url) => {
    const schema = `hopify_test_${randomBytes(4).toString('hex')}`;
    const files: string[] = [];
    const runInto = (text: string) => {
      const file = writeSpec(text);
      files.push(file);
      return run(file, { target: url, schema, create: true });
    };
    afterAll(async () => {
      for (const file of files) rmSync(dirname(file), { recursive: true, force: true });
      await drop(url, schema);
    });

    it('is declared once every table is loaded, and a broken one fails the run, leaving the previous tables', async () => {
      await runInto(spec());
      expect(await written(url, schema)).toEqual({ keys: ['lines.invoice_id -> invoices.invoice_id'], lines: 60 });
      await expect(runInto(spec(20).replace('count: 60', 'count: 61'))).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'RUN_CONSTRAINT' })] });
      expect((await written(url, schema)).lines).toBe(60);
    });
  });
}

describeOn(
  POSTGRES,
  async (url, schema) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows: keys } = await client.query(
        `SELECT tc.table_name || '.' || kcu.column_name || ' -> ' || ccu.table_name || '.' || ccu.column_name AS key
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
         JOIN information_schema.constraint_column_usage ccu USING (constraint_schema, constraint_name)
         WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = $1`,
        [schema],
      );
      const lines = await client.query(`SELECT count(*)::int AS n FROM "${schema}".lines`).then((r) => r.rows[0].n as number, () => 0);
      return { keys: keys.map((k) => k.key), lines };
    } finally {
      await client.end();
    }
  },
  async (url, schema) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  },
);

describeOn(
  MYSQL,
  async (url, database) => {
    const connection = await mysql.createConnection({ uri: url });
    try {
      const [keys] = await connection.query(
        `SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' -> ', REFERENCED_TABLE_NAME, '.', REFERENCED_COLUMN_NAME) AS \`key\`
         FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL`,
        [database],
      );
      const lines = await connection.query(`SELECT count(*) AS n FROM \`${database}\`.lines`).then(([rows]) => Number((rows as { n: number }[])[0].n), () => 0);
      return { keys: (keys as { key: string }[]).map((k) => k.key), lines };
    } finally {
      await connection.end();
    }
  },
  async (url, database) => {
    const connection = await mysql.createConnection({ uri: url });
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``).finally(() => connection.end());
  },
);
