import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { writeSpec } from '../helpers/runSpec';

const SPEC = `
name: checked
seed: 1
as_of: 2025-06-30
tables:
  items:
    rows: { count: 50 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
      price: { type: real, uniform: { min: 1, max: 10 } }
checks:
  price_positive: SELECT id FROM items WHERE price <= 0
  price_below_five:
    description: deliberately false for about half the rows
    sql: SELECT id FROM items WHERE price >= 5
  nothing_after_today: SELECT id FROM items WHERE date(:as_of) < date('2000-01-01')
`;

describe('hopify-engine check', () => {
  it('runs every named check and the foreign key check, and exits 1 naming what fails', () => {
    const spec = writeSpec(SPEC);
    const db = join(spec, '..', 'checked.db');
    expect(cli(['run', spec, '--out', db, '--quiet']).status).toBe(0);
    const result = cli(['check', spec, '--db', db]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/price_positive\s+ok/);
    expect(result.stdout).toMatch(/foreign_keys\s+ok/);
    expect(result.stdout).toMatch(/nothing_after_today\s+ok/);
    expect(result.stdout).toMatch(/price_below_five\s+\d+ violating row/);
    expect(result.stdout).toContain('3 of 4 checks pass');
    expect(result.stderr).toContain('1 check(s) failed: price_below_five');
  });

  it('prints JSON and exits 0 when every check passes', () => {
    const spec = writeSpec(SPEC.replace('price >= 5', 'price > 10'));
    const db = join(spec, '..', 'checked.db');
    cli(['run', spec, '--out', db, '--quiet']);
    const result = cli(['check', spec, '--db', db, '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { results: { name: string; violations: number }[] };
    expect(report.results.map((r) => r.violations)).toEqual([0, 0, 0, 0]);
  });

  it('says how to make the database when it does not exist', () => {
    const spec = writeSpec(SPEC);
    const result = cli(['check', spec, '--db', join(spec, '..', 'missing.db')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TARGET_UNREACHABLE');
    expect(result.stderr).toContain('hopify-engine run');
  });
});
