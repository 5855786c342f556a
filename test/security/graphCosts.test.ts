/**
 * Graphs and spec sizes written to hurt: a 20,000-column `from:` cycle, thousands of tables
 * in a chain or a cycle, 20,000 columns that each fail, 100,000 nodes for the topological
 * order. Each gives its problems (a cycle shortened for display) or validates, without a
 * stack overflow and without costs that grow with the square of the spec.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileSpecFile, validate } from '../../engine/index';
import { topologicalOrder } from '../../engine/graph/dag';
import { tablesWithDependencies } from '../../engine/graph/select';
import { cli } from '../helpers/cli';
import { writeSpec } from '../helpers/runSpec';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';
/** A CLI run longer than this is hung: before, some of these never finished. */
const HANG = { timeoutMs: 120_000 };

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** One table `t` whose columns are the given lines (`name: {…}`). */
const oneTable = (columns: string[]) => `${HEADER}tables:\n  t:\n    rows: { count: 2 }\n    columns:\n${columns.map((c) => `      ${c}\n`).join('')}`;

const specs: string[] = [];
afterAll(() => specs.forEach((file) => rmSync(dirname(file), { recursive: true, force: true })));
function specFile(text: string): string {
  const file = writeSpec(text);
  specs.push(file);
  return file;
}

describe('graph costs', () => {
  it('a 20,000-column from: cycle is SPEC_CYCLE at its first column, shortened for display, through the library and the CLI', () => {
    const file = specFile(oneTable(range(20_000).map((i) => `c${i}: { type: integer, from: c${(i + 1) % 20_000} }`)));
    const cycle = validate(file).find((p) => p.code === 'SPEC_CYCLE');
    expect(cycle).toEqual(expect.objectContaining({ path: 'tables.t.columns.c0', line: 8, col: 7 }));
    expect(cycle!.message).toBe('columns of "t" read each other in a cycle: c0 --> c1 --> c2 --> c3 --> c4 --> c5 --> … 19,989 more … --> c19995 --> c19996 --> c19997 --> c19998 --> c19999 --> c0');
    const result = cli(['validate', file], HANG);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error SPEC_CYCLE {2}\S*spec\.yaml:8:7/);
    expect(result.stderr).not.toMatch(/RangeError| at \S+\.js:\d+/);
  });

  it('5,000 tables in a reference cycle are one SPEC_CYCLE', () => {
    const tables = range(5000).map((i) => `  t${i}:\n    rows: { count: 1 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n      next: { type: integer, ref: t${(i + 1) % 5000}.id }\n`);
    const problems = validate(specFile(`${HEADER}tables:\n${tables.join('')}`));
    expect(problems).toEqual([expect.objectContaining({ code: 'SPEC_CYCLE', path: 'tables.t0', message: expect.stringMatching(/^tables depend on each other in a cycle: t0 --> t1 --> .* … 4,989 more … .* --> t4999 --> t0$/) })]);
  });

  it('10,000 tables in a chain compile, and --tables selects the whole chain without recursion', () => {
    const tables = range(10_000).map((i) => `  t${i}:\n    rows: { count: 1 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n${i ? `      prev: { type: integer, ref: t${i - 1}.id }\n` : ''}`);
    const compiled = compileSpecFile(specFile(`${HEADER}tables:\n${tables.join('')}`));
    expect(compiled.order.slice(0, 3)).toEqual(['t0', 't1', 't2']);
    expect(tablesWithDependencies(compiled, ['t9999']).size).toBe(10_000);
  });

  it('the topological order of 100,000 nodes keeps declaration order between independent nodes, and finds a 100,000-node cycle', () => {
    const names = range(100_000).map((i) => `n${i}`);
    // Each even node reads the odd node after it: 50,000 nodes ready at once, the rest freed one by one.
    const sorted = topologicalOrder(names, (node) => {
      const i = Number(node.slice(1));
      return i % 2 === 0 ? [`n${i + 1}`] : [];
    });
    expect('order' in sorted && sorted.order.slice(0, 6)).toEqual(['n1', 'n0', 'n3', 'n2', 'n5', 'n4']);
    expect('order' in sorted && sorted.order.length).toBe(100_000);
    const cycle = topologicalOrder(names, (node) => [`n${(Number(node.slice(1)) + 1) % 100_000}`]);
    expect('cycle' in cycle && cycle.cycle.length).toBe(100_001);
  });

  it('20,000 columns that each name an unknown column give the first problems and a note, not a scan per column of every name', () => {
    const file = specFile(oneTable(range(20_000).map((i) => `c${i}: { type: integer, from: missing${i} }`)));
    const problems = validate(file);
    expect(problems).toHaveLength(101);
    expect(problems[0]).toEqual(expect.objectContaining({ code: 'SPEC_UNKNOWN_NAME', path: 'tables.t.columns.c0.from.path', line: 8 }));
    expect(problems[100]).toEqual(expect.objectContaining({ code: 'SPEC_TOO_COSTLY', message: expect.stringMatching(/stopped looking after 100 problems/), hint: expect.stringMatching(/--limit problems=/) }));
    expect(validate(file, { limits: { problems: 150 } })).toHaveLength(151);
    const result = cli(['validate', file], HANG);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/101 problems found/);
  });

  it('20,000 columns that each fail the schema are reported in linear time', () => {
    const file = specFile(oneTable(range(20_000).map((i) => `c${i}: { type: integer, uniform: { min: 0, maxx: 9 } }`)));
    const problems = validate(file);
    expect(problems.slice(0, 2)).toEqual([
      expect.objectContaining({ code: 'SPEC_SCHEMA', path: 'tables.t.columns.c0.uniform', message: expect.stringMatching(/missing "max"/) }),
      expect.objectContaining({ code: 'SPEC_UNKNOWN_KEY', path: 'tables.t.columns.c0.uniform.maxx' }),
    ]);
    expect(problems[100].code).toBe('SPEC_TOO_COSTLY');
    expect(cli(['validate', file], HANG).status).toBe(1);
  });

  it('a wide valid spec (20 tables of 1,000 columns) validates through the CLI', () => {
    const columns = range(999).map((i) => `      c${i}: { type: integer, ${i % 3 === 0 ? 'uniform: { min: 0, max: 9 }' : i % 3 === 1 ? `expr: "c${i - 1} + 1"` : `from: c${i - 1}`}${i % 4 === 3 ? ', write: false' : ''} }\n`);
    const tables = range(20).map((t) => `  t${t}:\n    rows: { count: 2 }\n    columns:\n      id: { type: integer, primary_key: true, sequence: {} }\n${columns.join('')}`);
    const result = cli(['validate', specFile(`${HEADER}tables:\n${tables.join('')}`)], HANG);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
