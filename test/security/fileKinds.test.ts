/**
 * A folder, FIFO or device where a file is expected, through the real CLI: the spec of every
 * verb, `extends:`, `include:`, `data:`, `check`/`report --db` and `report --html`. Each is
 * refused before it is opened (exit 1 naming the path, at the line that names it), never a
 * read that blocks or a stack trace; afterwards every file is as it was and nothing new appeared.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, type CliResult } from '../helpers/cli';

const HEADER = 'name: shop\nseed: 1\nas_of: 2025-06-30\n';
const TABLES = 'tables:\n  customers:\n    rows: { count: 5 }\n    columns:\n      customer_id: { type: integer, primary_key: true, sequence: {} }\n';
/** A CLI that runs longer than this is hung (a FIFO read waits for a writer forever): a hang detector, not a timing assert. */
const HANG = { timeoutMs: 60_000 };

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A project folder (package.json) with spec.yaml, an empty folder `parts`, a FIFO `pipe` and a text file `notes.txt`. */
function project(specText: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hopify-file-kinds-')));
  folders.push(dir);
  writeFileSync(join(dir, 'package.json'), '{}\n');
  writeFileSync(join(dir, 'spec.yaml'), specText);
  writeFileSync(join(dir, 'notes.txt'), 'not a database\n');
  mkdirSync(join(dir, 'parts'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  return dir;
}

/** What is in the folder: names with their kind and, for files, their text. */
function contents(dir: string): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const stats = statSync(join(dir, name));
    seen[name] = stats.isFIFO() ? 'FIFO' : stats.isDirectory() ? 'folder' : readFileSync(join(dir, name), 'utf8');
  }
  return seen;
}

function expectRefused(result: CliResult, heading: RegExp, message: string): void {
  expect(result.status).toBe(1);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  expect(result.stderr).toMatch(heading);
  expect(result.stderr).toContain(message);
}

describe('a folder or FIFO given as the spec', () => {
  it.each([['validate'], ['run'], ['graph'], ['check'], ['report']])('%s refuses it before reading, and writes nothing', (verb) => {
    const dir = project(HEADER + TABLES);
    const before = contents(dir);
    for (const spec of ['parts', 'pipe']) {
      const result = cli([verb, spec], { cwd: dir, ...HANG });
      expectRefused(result, /error SPEC_FILE_NOT_FOUND\n/, `spec file ${join(dir, spec)} ${spec === 'parts' ? 'is a folder, not a file' : 'is a named pipe (FIFO), not a file'}`);
    }
    expect(contents(dir)).toEqual(before);
  });
});

describe('a folder, FIFO or device named by the spec', () => {
  it.each([
    ['include: a folder', `include: [parts]\n${HEADER}${TABLES}`, 'SPEC_FILE_NOT_FOUND  spec.yaml:1:11', 'include[0]: file "parts" is a folder, not a file'],
    ['include: a FIFO', `include: [pipe]\n${HEADER}${TABLES}`, 'SPEC_FILE_NOT_FOUND  spec.yaml:1:11', 'include[0]: file "pipe" is a named pipe (FIFO), not a file'],
    ['extends: a folder', `extends: parts\n${HEADER}${TABLES}`, 'SPEC_FILE_NOT_FOUND  spec.yaml:1:10', 'extends: file "parts" is a folder, not a file'],
    ['data: a folder', `${HEADER}data:\n  offices: parts\n${TABLES}  offices:\n    rows: { static: offices }\n    columns:\n      city: { type: text }\n`, 'DATA_FILE_INVALID  spec.yaml:5:12', 'is a folder, not a file'],
    ['data: a FIFO', `${HEADER}data:\n  offices: { file: pipe }\n${TABLES}  offices:\n    rows: { static: offices }\n    columns:\n      city: { type: text }\n`, 'DATA_FILE_INVALID  spec.yaml:5:20', 'is a named pipe (FIFO), not a file'],
  ])('%s is refused at its line by validate and run, nothing read or written', (_, specText, heading, message) => {
    const dir = project(specText);
    const before = contents(dir);
    for (const args of [['validate', 'spec.yaml'], ['run', 'spec.yaml', '--out', 'out.db', '--quiet']]) {
      expectRefused(cli(args, { cwd: dir, ...HANG }), new RegExp(`error ${heading}\\n`), message);
    }
    expect(contents(dir)).toEqual(before);
  });

  it('data: a device (in an allowed folder) is refused, not read', () => {
    const dir = project(`${HEADER}data:\n  offices: /dev/zero\n${TABLES}  offices:\n    rows: { static: offices }\n    columns:\n      city: { type: text }\n`);
    const before = contents(dir);
    expectRefused(cli(['validate', 'spec.yaml', '--allow-path', '/dev'], { cwd: dir, ...HANG }), /error DATA_FILE_INVALID  spec\.yaml:5:12\n/, 'data set "offices": /dev/zero is a device, not a file');
    expect(contents(dir)).toEqual(before);
  });
});

describe('check and report --db that is no SQLite database', () => {
  it.each([
    ['a text file', 'notes.txt', 'is not a readable SQLite database'],
    ['an empty file', 'empty.db', 'is not a readable SQLite database'],
    ['a folder', 'parts', 'is a folder, not a file'],
    ['a FIFO', 'pipe', 'is a named pipe (FIFO), not a file'],
    ['a device', '/dev/null', 'is a device, not a file'],
  ])('%s is TARGET_UNREACHABLE for check, report and report --html, and is left as it was', (_, db, why) => {
    const dir = project(`${HEADER}${TABLES}kpis:\n  metrics:\n    customers: { sql: SELECT COUNT(*) AS actual FROM customers }\n`);
    writeFileSync(join(dir, 'empty.db'), '');
    const before = contents(dir);
    const path = db.startsWith('/') ? db : join(dir, db);
    for (const args of [['check', 'spec.yaml', '--db', db], ['report', 'spec.yaml', '--db', db], ['report', 'spec.yaml', '--db', db, '--html', 'report.html']]) {
      expectRefused(cli(args, { cwd: dir, ...HANG }), /error TARGET_UNREACHABLE\n/, `database ${path} ${why}`);
    }
    expect(contents(dir)).toEqual(before);
  });
});

describe('report --html where no file can be written', () => {
  it('a folder at the page path, or a file where a folder of its path should be, is refused and left as it was', () => {
    const dir = project(HEADER + TABLES);
    expect(cli(['run', 'spec.yaml', '--out', 'shop.db', '--quiet'], { cwd: dir, ...HANG }).status).toBe(0);
    const before = contents(dir);
    expectRefused(cli(['report', 'spec.yaml', '--db', 'shop.db', '--html', 'parts'], { cwd: dir, ...HANG }), /error TARGET_WRITE_FAILED\n/, 'cannot write parts: it is a folder, not a file');
    expectRefused(cli(['report', 'spec.yaml', '--db', 'shop.db', '--html', 'notes.txt/page.html'], { cwd: dir, ...HANG }), /error TARGET_WRITE_FAILED\n/, 'a file stands where a folder of its path should be');
    expect(contents(dir)).toEqual(before);
  });
});
