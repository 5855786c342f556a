import { runSpec, validateSpec } from '../helpers/runSpec';

const spec = (column: string) => `
name: t
seed: 1
as_of: 2025-06-30
tables:
  t:
    rows: { count: 500 }
    columns:
      id: { type: integer, primary_key: true, sequence: {} }
      first_name: { type: text, choice: { values: [Ada, Grace, Alan] } }
      last_name: { type: text, choice: { values: [Lovelace, Hopper, Turing] } }
      team: { type: text, null_probability: 0.5, choice: { values: [Red, Blue] } }
      x: ${column}
`;

async function rowsOf(column: string) {
  const run = await runSpec(spec(column));
  try {
    return run.rows('t');
  } finally {
    run.close();
  }
}

describe('template', () => {
  test('fills placeholders from the row; lower: true lower-cases', async () => {
    const rows = await rowsOf('{ type: text, template: { template: "{first_name}.{last_name}@example.com", lower: true } }');
    expect(rows.every((r) => r.x === `${r.first_name}.${r.last_name}@example.com`.toLowerCase())).toBe(true);
  });

  test('shorthand; numbers are inserted as written; NULL inserts nothing', async () => {
    const rows = await rowsOf('{ type: text, template: "#{id} {team}" }');
    expect(rows.every((r) => r.x === `#${r.id} ${r.team ?? ''}`)).toBe(true);
    expect(rows.some((r) => r.team === null)).toBe(true);
  });

  test('{{ and }} write braces', async () => {
    const rows = await rowsOf('{ type: text, template: "{{{first_name}}}" }');
    expect(rows.every((r) => r.x === `{${r.first_name}}`)).toBe(true);
  });

  test('malformed placeholders and unknown names are refused at the template', () => {
    expect(validateSpec(spec('{ type: text, template: "{first_name.{last_name}" }'))).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.template.template' }),
    ]);
    expect(validateSpec(spec('{ type: text, template: "{first_name} }" }'))).toEqual([expect.objectContaining({ code: 'SPEC_BAD_OPTION', message: expect.stringContaining('closes no placeholder') })]);
    expect(validateSpec(spec('{ type: text, template: "{firstname}" }'))).toEqual([
      expect.objectContaining({ code: 'SPEC_UNKNOWN_NAME', path: 'tables.t.columns.x.template.template', hint: 'did you mean "first_name"?' }),
    ]);
  });
});
