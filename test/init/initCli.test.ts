import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli } from '../helpers/cli';

/** The CLI as users run it (build first: npx tsc -p tsconfig.json). */
describe('init --from (CLI)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hopify-init-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const shopLike = () => {
    const path = join(dir, 'app.db');
    const db = new Database(path);
    db.exec(`CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, segment TEXT NOT NULL);
             CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (customer_id), total REAL)`);
    const customers = db.prepare('INSERT INTO customers VALUES (?, ?)');
    const orders = db.prepare('INSERT INTO orders VALUES (?, ?, ?)');
    for (let i = 1; i <= 200; i++) customers.run(i, ['a', 'b', 'c'][i % 3]);
    for (let i = 1; i <= 600; i++) orders.run(i, (i % 200) + 1, (i % 37) * 1.5);
    db.close();
    return path;
  };

  const expectUserError = (result: ReturnType<typeof cli>, lines: string[]) => {
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    for (const line of lines) expect(result.stderr).toContain(line);
  };

  it('prints a spec that validates, and writes it to --out without replacing a file unless --force', () => {
    const source = shopLike();
    const printed = cli(['init', '--from', source], { timeoutMs: 60_000 });
    expect(printed.status).toBe(0);
    expect(printed.stdout).toMatch(/^tables:$/m);
    // The same database gives the same spec.
    expect(cli(['init', '--from', source], { timeoutMs: 60_000 }).stdout).toBe(printed.stdout);
    const out = join(dir, 'app.yaml');
    expect(cli(['init', '--from', source, '--out', out], { timeoutMs: 60_000 }).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
    expect(cli(['validate', out], { timeoutMs: 60_000 }).stdout).toContain('valid (2 tables: customers, orders)');

    writeFileSync(out, 'my own spec\n');
    expectUserError(cli(['init', '--from', source, '--out', out], { timeoutMs: 60_000 }), ['error TARGET_NOT_OURS', `${out} exists: it is left as it is`, '--force']);
    expect(readFileSync(out, 'utf8')).toBe('my own spec\n');
    expect(cli(['init', '--from', source, '--out', out, '--force'], { timeoutMs: 60_000 }).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
  });

  it('refuses a missing file, creating nothing', () => {
    const missing = join(dir, 'nope.db');
    expectUserError(cli(['init', '--from', missing], { timeoutMs: 30_000 }), ['error SOURCE_UNREACHABLE', `no file ${missing}`, 'hint: give the path of an existing SQLite database file']);
    expect(() => readFileSync(missing)).toThrow();
  });

  it('refuses --schema for a SQLite file, which has none', () => {
    expectUserError(cli(['init', '--from', shopLike(), '--schema', 'sales'], { timeoutMs: 30_000 }), ['error SOURCE_UNREACHABLE', '--schema sales names a schema, and a SQLite file has none']);
  });

  it('refuses a database without tables', () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    expectUserError(cli(['init', '--from', empty], { timeoutMs: 30_000 }), ['error SOURCE_NO_TABLE', `${empty} has no tables`]);
  });

  it('names a misspelt --tables entry with a did-you-mean', () => {
    expectUserError(cli(['init', '--from', shopLike(), '--tables', 'orders,custmers'], { timeoutMs: 30_000 }), ['error SOURCE_NO_TABLE', 'has no table "custmers"; did you mean "customers"?']);
  });

  it('says which server it cannot reach, without the password', () => {
    expectUserError(cli(['init', '--from', 'postgres://me:secret@127.0.0.1:9/app'], { timeoutMs: 30_000 }), ['error SOURCE_UNREACHABLE', 'cannot connect to postgres://me@127.0.0.1:9/app', 'hint: check that the server runs']);
    const mysql = cli(['init', '--from', 'mysql://me:secret@127.0.0.1:9/app'], { timeoutMs: 30_000 });
    expectUserError(mysql, ['error SOURCE_UNREACHABLE', 'cannot connect to mysql://me@127.0.0.1:9/app']);
    expect(mysql.stderr).not.toContain('secret');
    expectUserError(cli(['init', '--from', 'mongodb://127.0.0.1/app'], { timeoutMs: 30_000 }), ['error SOURCE_UNREACHABLE', 'cannot read mongodb:// sources']);
  });

  it('documents every option in --help', () => {
    const help = cli(['init', '--help'], { timeoutMs: 30_000 });
    expect(help.status).toBe(0);
    for (const option of ['--from <database>', '--schema <name>', '--out <file>', '--force', '--tables <names>', '--sample <n>', '--keep-values <columns>', '--limit <name=value>']) {
      expect(help.stdout).toContain(option);
    }
  });
});
