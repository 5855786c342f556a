/**
 * Text that grows with every row or every placeholder: a column built from its own previous
 * value (`previous.t + previous.t`) doubles per row, and a template of many placeholders of
 * long values multiplies them; both ended in V8's "Invalid string length" (an internal
 * error with a stack trace, found by the fuzzer). Each now stops at value_length as
 * SPEC_TOO_COSTLY, in the real CLI, with nothing written.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';

const childSpec = (column: string) => `name: growing
seed: 1
as_of: 2025-06-30
tables:
  p:
    rows: { count: 2 }
    columns:
      id: { type: integer, sequence: {} }
  c:
    rows: { per_parent: { parent: p, count: { constant: 60 } } }
    columns:
      t: ${column}
`;

const CASES: { name: string; spec: string; says: string }[] = [
  { name: 'a template doubling its previous value', spec: childSpec('{ type: text, template: "x{previous.t}{previous.t}" }'), says: 'template' },
  { name: 'an expression doubling its previous value', spec: childSpec(`{ type: text, expr: 'if previous.t == null then "x" else previous.t + previous.t' }`), says: 'previous.t' },
  {
    name: 'a template of many long values',
    spec: `name: growing
seed: 1
as_of: 2025-06-30
tables:
  a:
    rows: { count: 2 }
    columns:
      s: { type: text, expr: 'pad("x", 90000)' }
      t: { type: text, template: "{s}{s}{s}{s}" }
`,
    says: 'template',
  },
];

describe('text that grows past value_length stops with SPEC_TOO_COSTLY', () => {
  it.each(CASES)('$name', ({ spec, says }) => {
    const dir = mkdtempSync(join(tmpdir(), 'hopify-growing-'));
    writeFileSync(join(dir, 'spec.yaml'), spec);
    const out = join(dir, 'out.db');
    const result = cli(['run', 'spec.yaml', '--target', out], { cwd: dir, timeoutMs: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SPEC_TOO_COSTLY');
    expect(result.stderr).toContain(says);
    expect(result.stderr).toContain('--limit value_length=<n>');
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('a larger value_length lets the same template through', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopify-growing-'));
    writeFileSync(join(dir, 'spec.yaml'), CASES[2].spec);
    const result = cli(['run', 'spec.yaml', '--target', join(dir, 'out.db'), '--limit', 'value_length=400000'], { cwd: dir, timeoutMs: 60_000 });
    expect(result.stderr).not.toContain('error');
    expect(result.status).toBe(0);
  });
});
