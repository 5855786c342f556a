/**
 * What a run killed with SIGKILL leaves behind, and the next run on the same output: real
 * runs of the CLI are killed mid-write, then the next run must remove exactly what the
 * engine made (its mark: a SQLite application_id, a folder's .hopify-engine file, a
 * staging database's mark table) on this machine for a process that is gone, and leave
 * alone anything of that name whose process lives, which another machine made, or which
 * lacks the mark. PostgreSQL stages inside the run's transaction: a killed run leaves
 * nothing there.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { FOLDER_MARK } from '../../engine/targets/ownership/folderMark';
import { cli, cliProcess } from '../helpers/cli';
import { describeWithServer, MYSQL, POSTGRES } from '../targets/servers';

/** Millions of rows: still writing when it is killed. */
const SLOW = `name: slow\nseed: 1\nas_of: 2025-06-30\ntables:
  events:
    rows: { count: 5000000 }
    columns:
      event_id: { type: integer, primary_key: true, sequence: {} }
      kind: { type: text, choice: { view: 5, click: 2, buy: 1 } }
      amount: { type: real, uniform: { min: 1, max: 100, round: 2 } }
`;

const QUICK = SLOW.replace('count: 5000000', 'count: 10');

/** A fresh folder with the slow and the quick spec. */
function specFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-leftovers-'));
  writeFileSync(join(dir, 'slow.yaml'), SLOW);
  writeFileSync(join(dir, 'quick.yaml'), QUICK);
  return dir;
}

/** Runs the CLI and kills it with SIGKILL once `ready(pid)` holds; resolves to its process id. */
async function killedRun(args: string[], cwd: string, ready: (pid: number) => boolean | Promise<boolean>): Promise<number> {
  const child = cliProcess(args, { cwd });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let running = true;
  void exited.then(() => (running = false));
  try {
    while (!(await ready(child.pid!))) {
      if (!running) throw new Error(`the run ended before it could be killed: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGKILL');
  }
  await exited;
  return child.pid!;
}

/** The id of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** A host hash that is not this machine's. */
function otherHost(mark: { host: number }): number {
  return mark.host ^ 1;
}

function size(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

describe('leftovers of killed runs on files', () => {
  it('SQLite: the next run removes the temporary file of a killed run, and nothing else of that name', async () => {
    const dir = specFolder();
    const out = join(dir, 'out.db');
    const pid = await killedRun(['run', 'slow.yaml', '--out', out, '--quiet'], dir, (p) => size(`${out}.tmp-${p}`) > 1_000_000);
    const leftover = `${out}.tmp-${pid}`;
    expect(existsSync(leftover)).toBe(true);
    // Namesakes: the same file for a process that lives (this one), for another machine, and a file without the mark.
    const alive = `${out}.tmp-${process.pid}`;
    const elsewhere = `${out}.tmp-${deadPid()}`;
    const unmarked = `${out}.tmp-${deadPid()}`;
    cpSync(leftover, alive);
    const header = readFileSync(leftover);
    header.writeInt32BE(otherHost({ host: header.readInt32BE(60) }), 60);
    writeFileSync(elsewhere, header);
    writeFileSync(unmarked, 'not the engine’s\n');

    const next = cli(['run', 'quick.yaml', '--out', out, '--quiet'], { cwd: dir });
    expect(next).toMatchObject({ status: 0, stderr: '' });
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(`${leftover}-journal`)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['out.db', basename(alive), basename(elsewhere), basename(unmarked), 'quick.yaml', 'slow.yaml'].sort());
    expect(readFileSync(unmarked, 'utf8')).toBe('not the engine’s\n');
  });

  it('CSV: the next run removes the staging folder of a killed run, and nothing else of that name', async () => {
    const dir = specFolder();
    const out = join(dir, 'csv');
    const pid = await killedRun(['run', 'slow.yaml', '--target', `csv:${out}`, '--quiet'], dir, (p) => size(join(`${out}.tmp-${p}`, 'events.csv')) > 1_000_000);
    const leftover = `${out}.tmp-${pid}`;
    expect(readdirSync(leftover).sort()).toEqual([FOLDER_MARK, 'events.csv']);
    const alive = `${out}.tmp-${process.pid}`;
    const elsewhere = `${out}.tmp-${deadPid()}`;
    const unmarked = `${out}.tmp-${deadPid()}`;
    cpSync(leftover, alive, { recursive: true });
    cpSync(leftover, elsewhere, { recursive: true });
    const mark = JSON.parse(readFileSync(join(leftover, FOLDER_MARK), 'utf8'));
    writeFileSync(join(elsewhere, FOLDER_MARK), JSON.stringify({ ...mark, host: otherHost(mark) }));
    cpSync(leftover, unmarked, { recursive: true, filter: (source) => !source.endsWith(FOLDER_MARK) });

    const next = cli(['run', 'quick.yaml', '--target', `csv:${out}`, '--quiet'], { cwd: dir });
    expect(next).toMatchObject({ status: 0, stderr: '' });
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['csv', basename(alive), basename(elsewhere), basename(unmarked), 'quick.yaml', 'slow.yaml'].sort());
    expect(readdirSync(unmarked)).toEqual(['events.csv']);
    expect(readFileSync(join(out, 'events.csv'), 'utf8').split('\n')).toHaveLength(12);
  });

  it('a shard part: the next run of that shard removes the killed run’s staging folder inside the shared folder', async () => {
    const dir = specFolder();
    const parts = join(dir, 'parts');
    const staging = (p: number) => join(parts, `.staging-part-00000.tmp-${p}`);
    const pid = await killedRun(['run', 'slow.yaml', '--target', `csv:${parts}`, '--shard', '0/2', '--quiet'], dir, (p) => size(join(staging(p), 'events.csv')) > 1_000_000);
    expect(existsSync(staging(pid))).toBe(true);
    expect(cli(['run', 'quick.yaml', '--target', `csv:${parts}`, '--shard', '0/2', '--quiet'], { cwd: dir })).toMatchObject({ status: 0, stderr: '' });
    expect(readdirSync(parts).sort()).toEqual([FOLDER_MARK, 'events']);
  });

  it('a commit cut short between its two renames: the next run puts the previous folder back before anything else', () => {
    const dir = specFolder();
    const out = join(dir, 'csv');
    expect(cli(['run', 'quick.yaml', '--target', `csv:${out}`, '--quiet'], { cwd: dir }).status).toBe(0);
    const previous = readFileSync(join(out, 'events.csv'), 'utf8');
    // As the killed commit left it: the output moved aside, the new folder not yet in place.
    renameSync(out, `${out}.old-${deadPid()}`);
    // Fails while generating, after the target has opened.
    writeFileSync(join(dir, 'bad.yaml'), QUICK.replace('{ type: real, uniform: { min: 1, max: 100, round: 2 } }', '{ type: integer, unique: true, integer: { min: 1, max: 3 } }'));
    const failed = cli(['run', 'bad.yaml', '--target', `csv:${out}`, '--quiet'], { cwd: dir });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('RUN_INFEASIBLE_UNIQUE');
    expect(readFileSync(join(out, 'events.csv'), 'utf8')).toBe(previous);
    expect(readdirSync(dir).sort()).toEqual(['bad.yaml', 'csv', 'quick.yaml', 'slow.yaml']);
  });
});

describeWithServer(MYSQL, 'leftovers of killed runs on MariaDB/MySQL', (url) => {
  let admin: mysql.Connection;
  const made: string[] = [];

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: url });
  });
  afterAll(async () => {
    for (const db of made) await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.end();
  });

  const databases = async (): Promise<string[]> => ((await admin.query("SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'staging\\_%'"))[0] as { name: string }[]).map((r) => r.name);
  const markOf = async (db: string): Promise<string | undefined> =>
    ((await admin.query('SELECT TABLE_COMMENT AS mark FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [db, 'hopify-engine staging']))[0] as { mark: string }[])[0]?.mark;
  /** A staging-named database with a table of rows, and the mark table when `mark` is given. */
  const namesake = async (mark?: string): Promise<string> => {
    const db = `staging_${randomBytes(6).toString('hex')}`;
    made.push(db);
    await admin.query(`CREATE DATABASE \`${db}\``);
    await admin.query(`CREATE TABLE \`${db}\`.kept (id INT)`);
    if (mark !== undefined) await admin.query(`CREATE TABLE \`${db}\`.\`hopify-engine staging\` (mark INT) COMMENT = ?`, [mark]);
    return db;
  };

  it('the next run drops the staging database of a killed run, and no other', async () => {
    const dir = specFolder();
    const database = `hopify_leftovers_${randomBytes(4).toString('hex')}`;
    made.push(database);
    const target = `${url.replace(/\/[^/]*$/, '')}/${database}`;
    const before = new Set(await databases());
    let killed: string | undefined;
    await killedRun(['run', 'slow.yaml', '--target', target, '--create', '--quiet'], dir, async () => {
      for (const db of await databases()) {
        if (before.has(db) || !(await markOf(db))) continue;
        const [rows] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [db, 'events']);
        if (Number((rows as { n: number }[])[0].n) > 0) killed = db;
      }
      return killed !== undefined;
    });
    made.push(killed!);
    expect(await databases()).toContain(killed);
    const mark = JSON.parse((await markOf(killed!))!);
    const alive = await namesake(JSON.stringify({ ...mark, pid: process.pid }));
    const elsewhere = await namesake(JSON.stringify({ ...mark, host: otherHost(mark) }));
    const unmarked = await namesake();

    expect(cli(['run', 'quick.yaml', '--target', target, '--create', '--quiet'], { cwd: dir })).toMatchObject({ status: 0, stderr: '' });
    const after = await databases();
    expect(after).not.toContain(killed);
    expect(after).toEqual(expect.arrayContaining([alive, elsewhere, unmarked]));
    const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM \`${database}\`.events`);
    expect(Number((rows as { n: number }[])[0].n)).toBe(10);
  }, 120_000);
});

describeWithServer(POSTGRES, 'leftovers of killed runs on PostgreSQL', (url) => {
  let admin: pg.Client;
  const schema = `hopify_leftovers_${randomBytes(4).toString('hex')}`;
  // Names this test's sessions, so its run is told apart from other clients of the server.
  const tagged = `${url}${url.includes('?') ? '&' : '?'}application_name=${schema}`;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  const stagingSchemas = async (): Promise<string[]> => (await admin.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'staging\\_%'")).rows.map((r) => r.nspname as string);

  it('a killed run leaves no staging schema and no tables: it staged inside its transaction', async () => {
    const dir = specFolder();
    const before = await stagingSchemas();
    let backend: number | undefined;
    await killedRun(['run', 'slow.yaml', '--target', tagged, '--schema', schema, '--create', '--quiet'], dir, async () => {
      const copying = await admin.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'COPY %'", [schema]);
      backend = copying.rows[0]?.pid;
      return backend !== undefined;
    });
    // The server rolls the transaction back once it sees the connection gone.
    while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [backend])).rowCount) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stagingSchemas()).toEqual(before);
    expect((await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount).toBe(0);
    expect(cli(['run', 'quick.yaml', '--target', url, '--schema', schema, '--create', '--quiet'], { cwd: dir })).toMatchObject({ status: 0, stderr: '' });
    expect((await admin.query(`SELECT COUNT(*)::int AS n FROM "${schema}".events`)).rows[0].n).toBe(10);
  }, 120_000);
});
