import { runSpec } from '../helpers/runSpec';
import { columnProblems, sampleNumbers } from './columnSamples';

describe('sequence', () => {
  test('counts 1, 2, 3, … by default, across chunk boundaries', async () => {
    const values = await sampleNumbers('{ type: integer, sequence: {} }', 25_000);
    expect(values).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
  });

  test('start and step', async () => {
    const values = await sampleNumbers('{ type: integer, sequence: { start: 1000, step: -5 } }', 100);
    expect(values.slice(0, 3)).toEqual([1000, 995, 990]);
    expect(values[99]).toBe(1000 - 99 * 5);
  });

  test('scaled row counts keep the sequence dense', async () => {
    const run = await runSpec(
      `
name: t
seed: 1
as_of: 2025-06-30
tables:
  t:
    rows: { count: 40 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
`,
      { scale: 2.5 },
    );
    expect(run.rows('t').map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    run.close();
  });

  test('steps are whole numbers', () => {
    expect(columnProblems('{ type: integer, sequence: { step: 1.5 } }')).toEqual([expect.objectContaining({ code: 'SPEC_SCHEMA', path: 'tables.t.columns.x.sequence.step' })]);
  });
});
