/**
 * Include graphs written to hurt: a file naming the next one four times, 24 deep (4^24
 * loads without deduplication), cycles, chains past include_depth, more distinct files
 * than spec_files. Each loads at once or is refused at the include entry that goes too
 * far; none hangs or ends in a stack trace.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validate } from '../../engine/index';
import { loadSpec } from '../../engine/spec/load';
import { cli } from '../helpers/cli';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';
/** One small table per file, so what loaded shows in the spec. */
const table = (name: string) => `tables:\n  ${name}:\n    rows: { count: 1 }\n    columns:\n      id: { type: integer, sequence: {} }\n`;
const includes = (paths: string[]) => (paths.length ? `include: [${paths.join(', ')}]\n` : '');
/** A CLI that runs longer than this is hung: the issue saw these inputs never finish. */
const HANG = { timeoutMs: 60_000 };

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes the files (relative paths) into a fresh folder; returns the path of spec.yaml in it. */
function writeFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hopify-includes-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return join(dir, 'spec.yaml');
}

/** spec.yaml, then l1.yaml … l<depth>.yaml, each naming the next `fanOut` times. */
function layeredSpec(depth: number, fanOut: number): string {
  const files: Record<string, string> = {};
  for (let level = 0; level <= depth; level++) {
    const name = level === 0 ? 'spec.yaml' : `l${level}.yaml`;
    const next = level < depth ? Array(fanOut).fill(`l${level + 1}.yaml`) : [];
    files[name] = `${level === 0 ? HEADER : ''}${includes(next)}${table(`t${level}`)}`;
  }
  return writeFiles(files);
}

describe('include graphs', () => {
  it('loads each file once: four includes of the next file, 24 deep, is 25 files', () => {
    const spec = layeredSpec(24, 4);
    expect(validate(spec)).toEqual([]);
    expect(Object.keys(loadSpec(spec).spec.tables)).toHaveLength(25);
    const result = cli(['validate', spec], HANG);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/valid \(25 tables/);
  });

  it('merges a file named from two places as before: its values win where it is merged last', () => {
    // spec includes b and c, both include d: d is merged again through c, after b.
    const spec = writeFiles({
      'spec.yaml': `${HEADER}include: [b.yaml, c.yaml]\n${table('top')}`,
      'b.yaml': 'include: [d.yaml]\nparams: { x: 2 }\n',
      'c.yaml': 'include: [d.yaml]\n',
      'd.yaml': 'params: { x: 1 }\n',
    });
    const loaded = loadSpec(spec);
    expect(loaded.spec.params).toEqual({ x: 1 });
    expect(loaded.positions.find(['params', 'x'])).toEqual(expect.objectContaining({ file: join(dirname(spec), 'd.yaml'), line: 1 }));
  });

  it('refuses a cycle of includes at the entry that closes it', () => {
    const spec = writeFiles({ 'spec.yaml': `${HEADER}include: [a.yaml]\n${table('top')}`, 'a.yaml': 'include: [b.yaml]\n', 'b.yaml': 'include:\n  - a.yaml\n' });
    const problems = validate(spec);
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_CYCLE', path: 'include[0]', file: join(dirname(spec), 'b.yaml'), line: 2, col: 5 })]);
    expect(problems[0].message).toMatch(/a\.yaml --> .*b\.yaml --> .*a\.yaml$/);
    const result = cli(['validate', spec], HANG);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SPEC_CYCLE {2}\S*b\.yaml:2:5/);
  });

  it.each([
    ['3', 'the number 3'],
    ['null', 'null'],
    ['{ a: 1 }', 'a map'],
  ])('refuses an include: entry that is not a path (%s) at its line', (entry, what) => {
    const spec = writeFiles({ 'spec.yaml': `${HEADER}include:\n  - a.yaml\n  - ${entry}\n${table('top')}`, 'a.yaml': table('a') });
    expect(validate(spec)).toEqual([
      expect.objectContaining({ code: 'SPEC_SCHEMA', path: 'include[1]', file: spec, line: 6, col: 5, message: `an include: entry is the path of a file, not ${what}` }),
    ]);
  });

  it('refuses an extends: that is not a path at its line, instead of ignoring it', () => {
    const spec = writeFiles({ 'spec.yaml': `${HEADER}extends: [base.yaml]\n${table('top')}`, 'base.yaml': table('base') });
    expect(validate(spec)).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA', path: 'extends', file: spec, line: 4, col: 10, message: 'extends: is the path of a file, not a list' })]);
  });

  it('refuses a spec that includes itself', () => {
    const spec = writeFiles({ 'spec.yaml': `${HEADER}include: [spec.yaml]\n${table('top')}` });
    expect(validate(spec)).toEqual([expect.objectContaining({ code: 'SPEC_CYCLE', file: spec, line: 4 })]);
  });

  it('refuses a chain deeper than include_depth at the entry past it, and loads it with the limit raised', () => {
    const spec = layeredSpec(70, 1);
    const problems = validate(spec);
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_TOO_COSTLY', path: 'include[0]', file: join(dirname(spec), 'l63.yaml'), line: 1 })]);
    expect(problems[0].message).toMatch(/more than 64 deep: .*… 53 more …/);
    expect(problems[0].hint).toMatch(/--limit include_depth=/);
    expect(validate(spec, { limits: { include_depth: 100 } })).toEqual([]);
    const result = cli(['validate', spec], HANG);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SPEC_TOO_COSTLY {2}\S*l63\.yaml:1:/);
    expect(result.stderr).not.toMatch(/ at \S+\.js:\d+/);
    expect(cli(['validate', spec, '--limit', 'include_depth=100'], HANG).status).toBe(0);
  });

  it('refuses more distinct files than spec_files', () => {
    const names = Array.from({ length: 12 }, (_, i) => `part${i}.yaml`);
    const spec = writeFiles({ 'spec.yaml': `${HEADER}${includes(names)}${table('top')}`, ...Object.fromEntries(names.map((n, i) => [n, table(`p${i}`)])) });
    expect(validate(spec)).toEqual([]);
    const problems = validate(spec, { limits: { spec_files: 10 } });
    // The spec and nine parts make ten: the tenth part is the first over the limit.
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_TOO_COSTLY', path: 'include[9]', file: spec, line: 4 })]);
    expect(problems[0].hint).toMatch(/--limit spec_files=/);
    expect(cli(['validate', spec, '--limit', 'spec_files=10'], HANG).status).toBe(1);
  });
});
