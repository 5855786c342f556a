/**
 * `${param}` substitution written to hurt: a 1 MB param named inside 200,000 strings would
 * make 200 GB of text (the process ran out of memory and aborted). The text it adds is
 * bounded by param_text: one problem at the string that goes past it, and nothing built.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { validate } from '../../engine/index';
import { loadSpec } from '../../engine/spec/load';
import { cli } from '../helpers/cli';
import { writeSpec } from '../helpers/runSpec';

const spec = (param: string, uses: number) =>
  `name: t\nseed: 1\nas_of: 2025-06-30\nparams:\n  p: ${param}\ntables:\n  t:\n    rows: { count: 1 }\n    columns:\n      id: { type: integer, sequence: {} }\nnotes:\n${'  - "${p}!"\n'.repeat(uses)}`;

describe('param expansion', () => {
  it('stops at param_text with one problem at the string past it, through the library and the CLI', () => {
    const file = writeSpec(spec('a'.repeat(1_000_000), 200_000));
    try {
      // Ten copies reach 10,000,000 characters; the eleventh (notes[10], line 22) would pass it.
      expect(validate(file)).toEqual([
        expect.objectContaining({ code: 'SPEC_TOO_COSTLY', path: 'notes[10]', line: 22, message: expect.stringMatching(/more than 10,000,000 characters/), hint: expect.stringMatching(/--limit param_text=/) }),
      ]);
      const result = cli(['validate', file], { timeoutMs: 60_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/error SPEC_TOO_COSTLY {2}\S*spec\.yaml:22:5/);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });

  it('substitutes as before below the limit', () => {
    const file = writeSpec(spec('abc', 3));
    try {
      expect((loadSpec(file).spec as unknown as { notes: string[] }).notes).toEqual(['abc!', 'abc!', 'abc!']);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });
});
