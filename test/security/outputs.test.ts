/**
 * Outputs, through the real CLI: a spec's `output:` stays inside its project, and no run
 * replaces or deletes a file or folder hopify-engine did not write unless `--force` says
 * so. Every refusal is checked on the file system: what was there is byte for byte as
 * before, and nothing appeared where the spec pointed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { run } from '../../engine/index';
import { cli } from '../helpers/cli';

const TABLES = `tables:
  customers:
    rows: { count: 20 }
    columns:
      customer_id: { type: integer, primary_key: true, sequence: {} }
      segment: { type: text, choice: { consumer: 3, business: 1 } }
`;

/** The spec, with `header` lines (an `output:`) before its tables. */
function spec(header = ''): string {
  return `name: shop\nseed: 1\nas_of: 2025-06-30\n${header}${TABLES}`;
}

/** A project folder (it has a package.json) holding `spec.yaml`, and a folder outside it. */
function project(specText: (outside: string) => string = () => spec()): { dir: string; outside: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'hopify-outputs-')));
  const dir = join(root, 'project');
  const outside = join(root, 'elsewhere');
  mkdirSync(dir);
  mkdirSync(outside);
  writeFileSync(join(dir, 'package.json'), '{}\n');
  writeFileSync(join(dir, 'spec.yaml'), specText(outside));
  return { dir, outside };
}

/** Every file under `dir` with its bytes, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) files[path.slice(dir.length)] = readFileSync(path).toString('base64');
  }
  return files;
}

/** A SQLite database someone else made: a table of their own. */
function foreignDatabase(path: string): void {
  const db = new Database(path);
  db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
  db.close();
}

function customerCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function expectNotOurs(result: { status: number | null; stderr: string }, path: string): void {
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(`error TARGET_NOT_OURS\n  ${path} exists and was not written by hopify-engine`);
  expect(result.stderr).toMatch(/hint: .*--force/);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe("a spec's output: stays inside its project", () => {
  it.each([
    ['a relative path that climbs out', () => '../elsewhere/x.db', 'x.db'],
    ['an absolute path', (outside: string) => join(outside, 'x.db'), 'x.db'],
    ['a CSV folder elsewhere', (outside: string) => `csv:${join(outside, 'dir')}`, 'dir'],
    ['a Parquet folder elsewhere', (outside: string) => `parquet:${join(outside, 'dir')}`, 'dir'],
  ])('%s is refused at its line by validate and run, and nothing is written there', (_, output, written) => {
    const { dir, outside } = project((elsewhere) => spec(`output: ${output(elsewhere)}\n`));
    writeFileSync(join(outside, 'important.txt'), 'keep me\n');
    for (const verb of ['validate', 'run']) {
      const result = cli([verb, 'spec.yaml', '--quiet'], { cwd: dir });
      expect({ verb, status: result.status }).toEqual({ verb, status: 1 });
      expect(result.stderr).toMatch(/^error SPEC_UNSAFE_PATH {2}spec\.yaml:4:9\n {2}output: ".*" is outside the folders this spec may write/);
    }
    expect(existsSync(join(outside, written))).toBe(false);
    expect(snapshot(outside)).toEqual({ '/important.txt': Buffer.from('keep me\n').toString('base64') });
    expect(readdirSync(dir).sort()).toEqual(['package.json', 'spec.yaml']);
  });

  it('a folder outside the project reached through a symbolic link inside it is refused', () => {
    const { dir, outside } = project(() => spec('output: out/x.db\n'));
    symlinkSync(outside, join(dir, 'out'));
    const result = cli(['run', 'spec.yaml', '--quiet'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error SPEC_UNSAFE_PATH {2}spec\.yaml:4:9/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a hidden folder inside the project is refused (files tools run or trust)', () => {
    const { dir } = project(() => spec('output: csv:.git/hooks\n'));
    const result = cli(['validate', 'spec.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error SPEC_UNSAFE_PATH {2}spec\.yaml:4:9\n {2}output: "csv:\.git\/hooks" writes into the hidden "\.git"/);
    expect(existsSync(join(dir, '.git'))).toBe(false);
  });

  it('without output:, a name that is not a plain file name is refused at its line (the default is out/<name>.db)', () => {
    const { dir, outside } = project(() => spec().replace('name: shop', 'name: ../elsewhere/shop'));
    const result = cli(['run', 'spec.yaml', '--quiet'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error SPEC_UNSAFE_PATH {2}spec\.yaml:1:7\n {2}name: name "\.\.\/elsewhere\/shop" cannot be a file name/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it.each([['postgres://postgres@127.0.0.1:9/prod'], ['mysql://root@127.0.0.1:9/prod']])(
    'a database server (%s) is refused at its line before anything connects: --target names one',
    (url) => {
      const { dir } = project(() => spec(`output: ${url}\n`));
      for (const verb of ['validate', 'run', 'check']) {
        const result = cli([verb, 'spec.yaml'], { cwd: dir });
        expect({ verb, status: result.status }).toEqual({ verb, status: 1 });
        // Refused from the spec alone: nothing listens on port 9, and no TARGET_UNREACHABLE says a connection was tried.
        expect(result.stderr).toMatch(/^error SPEC_UNSAFE_PATH {2}spec\.yaml:4:9\n {2}output: ".*" is a database server; a spec may only write files inside its project/);
      }
    },
  );

  it('a relative output is taken from the project folder, whatever folder the spec is run from', () => {
    const { dir, outside } = project(() => spec('output: out/shop.db\n'));
    expect(cli(['run', join(dir, 'spec.yaml'), '--quiet'], { cwd: outside }).status).toBe(0);
    expect(customerCount(join(dir, 'out', 'shop.db'))).toBe(20);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('an output inside the project is written; --out and --target outside it are the user’s choice', () => {
    const { dir, outside } = project(() => spec('output: out/shop.db\n'));
    expect(cli(['run', 'spec.yaml', '--quiet'], { cwd: dir }).status).toBe(0);
    expect(customerCount(join(dir, 'out', 'shop.db'))).toBe(20);
    expect(cli(['run', 'spec.yaml', '--quiet', '--out', join(outside, 'mine.db')], { cwd: dir }).status).toBe(0);
    expect(customerCount(join(outside, 'mine.db'))).toBe(20);
    expect(cli(['run', 'spec.yaml', '--quiet', '--target', `csv:${join(outside, 'csv')}`], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(outside, 'csv', 'customers.csv'), 'utf8')).toMatch(/^customer_id,segment\n1,/);
  });
});

describe('a run replaces only what hopify-engine wrote', () => {
  it('an existing text file, a SQLite database of someone else and a symbolic link are refused and left byte for byte', () => {
    const { dir, outside } = project();
    writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
    foreignDatabase(join(dir, 'theirs.db'));
    writeFileSync(join(outside, 'target.txt'), 'pointed at\n');
    symlinkSync(join(outside, 'target.txt'), join(dir, 'link.db'));
    const before = snapshot(dir);
    const outsideBefore = snapshot(outside);
    for (const name of ['notes.txt', 'theirs.db', 'link.db']) {
      for (const client of ['better-sqlite3', 'sqlite3']) expectNotOurs(cli(['run', 'spec.yaml', '--quiet', '--out', name, '--sqlite-client', client], { cwd: dir }), join(dir, name));
    }
    expect(snapshot(dir)).toEqual(before);
    expect(snapshot(outside)).toEqual(outsideBefore);
    expect(readdirSync(dir).sort()).toEqual(['link.db', 'notes.txt', 'package.json', 'spec.yaml', 'theirs.db']);
  });

  it('a folder without the engine’s mark is refused for CSV, Parquet and shard parts, and left as it was', () => {
    const { dir } = project();
    mkdirSync(join(dir, 'data', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'data', 'keep.csv'), 'a,b\n1,2\n');
    writeFileSync(join(dir, 'data', 'sub', 'deep.txt'), 'deep\n');
    const before = snapshot(join(dir, 'data'));
    for (const args of [['--target', 'csv:data'], ['--target', 'parquet:data'], ['--target', 'csv:data', '--shard', '0/2'], ['--target', 'csv:data', '--workers', '2']]) {
      expectNotOurs(cli(['run', 'spec.yaml', '--quiet', ...args], { cwd: dir }), join(dir, 'data'));
    }
    expect(snapshot(join(dir, 'data'))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['data', 'package.json', 'spec.yaml']);
  });

  it('--force replaces a file, a database and a folder the engine did not write', () => {
    const { dir } = project();
    writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
    foreignDatabase(join(dir, 'theirs.db'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'keep.csv'), 'a,b\n1,2\n');
    for (const name of ['notes.txt', 'theirs.db']) {
      expect(cli(['run', 'spec.yaml', '--quiet', '--force', '--out', name], { cwd: dir }).status).toBe(0);
      expect(customerCount(join(dir, name))).toBe(20);
    }
    expect(cli(['run', 'spec.yaml', '--quiet', '--force', '--target', 'csv:data'], { cwd: dir }).status).toBe(0);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['.hopify-engine', 'customers.csv']);
  });

  it('the library refuses the same, and replaces with force: true', async () => {
    const { dir } = project();
    writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
    await expect(run(join(dir, 'spec.yaml'), { target: join(dir, 'notes.txt') })).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'TARGET_NOT_OURS' })] });
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
    await run(join(dir, 'spec.yaml'), { target: join(dir, 'notes.txt'), force: true });
    expect(customerCount(join(dir, 'notes.txt'))).toBe(20);
  });

  it('what the engine wrote (and empty files or folders) is replaced as before, without --force', () => {
    const { dir } = project();
    writeFileSync(join(dir, 'empty.db'), '');
    mkdirSync(join(dir, 'empty'));
    for (const out of ['shop.db', 'shop.db', 'empty.db']) {
      for (const client of ['better-sqlite3', 'sqlite3']) {
        expect(cli(['run', 'spec.yaml', '--quiet', '--out', out, '--sqlite-client', client], { cwd: dir }).status).toBe(0);
        expect(customerCount(join(dir, out))).toBe(20);
      }
    }
    for (const target of ['csv:data', 'csv:data', 'parquet:pq', 'parquet:pq', 'csv:empty']) {
      expect({ target, status: cli(['run', 'spec.yaml', '--quiet', '--target', target], { cwd: dir }).status }).toEqual({ target, status: 0 });
    }
    for (const round of [1, 2]) expect({ round, status: cli(['run', 'spec.yaml', '--quiet', '--target', 'csv:parts', '--shard', '0/2'], { cwd: dir }).status }).toEqual({ round, status: 0 });
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['.hopify-engine', 'customers.csv']);
    expect(readdirSync(join(dir, 'empty')).sort()).toEqual(['.hopify-engine', 'customers.csv']);
    expect(readdirSync(join(dir, 'parts')).sort()).toEqual(['.hopify-engine', 'customers']);
    expect(readdirSync(dir).sort()).toEqual(['data', 'empty', 'empty.db', 'package.json', 'parts', 'pq', 'shop.db', 'spec.yaml']);
  });

  it('report --html replaces only a report it wrote', () => {
    const { dir } = project();
    expect(cli(['run', 'spec.yaml', '--quiet', '--out', 'shop.db'], { cwd: dir }).status).toBe(0);
    writeFileSync(join(dir, 'notes.html'), '<p>my page</p>\n');
    expectNotOurs(cli(['report', 'spec.yaml', '--db', 'shop.db', '--html', 'notes.html'], { cwd: dir }), join(dir, 'notes.html'));
    expect(readFileSync(join(dir, 'notes.html'), 'utf8')).toBe('<p>my page</p>\n');
    for (const round of [1, 2]) {
      const result = cli(['report', 'spec.yaml', '--db', 'shop.db', '--html', 'report.html'], { cwd: dir });
      expect({ round, stderr: result.stderr }).toEqual({ round, stderr: '' });
    }
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<meta name="generator" content="hopify-engine">');
    expect(cli(['report', 'spec.yaml', '--db', 'shop.db', '--html', 'notes.html', '--force'], { cwd: dir }).stderr).toBe('');
    expect(readFileSync(join(dir, 'notes.html'), 'utf8')).toContain('<meta name="generator" content="hopify-engine">');
  });
});
