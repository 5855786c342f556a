/**
 * `cases:` keys are checked against the values the `by:` column can take, when its
 * generators declare them; boolean columns match true/1 and false/0 wherever they are read.
 */
import { runSpec, validateSpec } from '../helpers/runSpec';

const HEADER = 'name: t\nseed: 1\nas_of: 2025-06-30\n';

/** A table of students and teachers, with `column` added (from line 11). */
function people(column: string): string {
  return `${HEADER}tables:
  people:
    rows: { count: 20 }
    columns:
      person_id: { type: integer, primary_key: true, sequence: {} }
      role: { type: text, choice: { student: 3, teacher: 1 } }
      enrolled: { type: boolean, boolean: 0.5 }
${column}
`;
}

/** Members with a per-parent table whose `column` reads parent columns (line 16). */
function visits(column: string): string {
  return `${HEADER}tables:
  members:
    rows: { count: 10 }
    columns:
      member_id: { type: integer, primary_key: true, sequence: {} }
      tier: { type: text, choice: { values: [gold, silver, bronze], weights: [1, 2, 0] } }
      active: { type: boolean, boolean: 0.5 }
  visits:
    rows: { per_parent: { parent: members, count: { constant: 2 } } }
    columns:
      visit_id: { type: integer, primary_key: true, sequence: {} }
      member_id: { type: integer, expr: parent.member_id }
${column}
`;
}

describe('cases: keys against the by: column', () => {
  it('refuses a misspelt key at its own line with a did-you-mean', () => {
    const problems = validateSpec(people('      fee:\n        type: real\n        by: role\n        cases:\n          studnet: { constant: 5 }\n        constant: 10'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SPEC_UNKNOWN_NAME', line: 15, path: 'tables.people.columns.fee.cases.studnet' });
    expect(problems[0].message).toContain('"student", "teacher"');
    expect(problems[0].hint).toBe('did you mean "student"?');
  });

  it('checks parent.<column> keys (a value of weight 0 is still a value)', () => {
    const misspelt = validateSpec(visits('      fee: { type: real, by: parent.tier, cases: { gold: { constant: 1 }, silvr: { constant: 2 } }, constant: 3 }'));
    expect(misspelt.map((p) => [p.code, p.line, p.path, p.hint])).toEqual([['SPEC_UNKNOWN_NAME', 16, 'tables.visits.columns.fee.cases.silvr', 'did you mean "silver"?']]);
    expect(validateSpec(visits('      fee: { type: real, by: parent.tier, cases: { bronze: { constant: 1 } }, constant: 3 }'))).toEqual([]);
    expect(validateSpec(visits('      fee: { type: real, by: parent.tier, cases: { gold: { constant: 1 }, silver: { constant: 2 } } }'))).toEqual([]);
  });

  it('takes the values of an upstream by:/cases: column', () => {
    const spec = people('      band: { type: text, by: role, cases: { student: { constant: low } }, constant: high }\n      fee: { type: real, by: band, cases: { high: { constant: 1 }, mid: { constant: 2 } }, constant: 0 }');
    expect(validateSpec(spec).map((p) => [p.path, p.hint])).toEqual([['tables.people.columns.fee.cases.mid', 'valid values: high, low']]);
  });

  it('says where the default goes when it is written as a case', () => {
    const problems = validateSpec(people('      fee: { type: real, by: role, cases: { student: { constant: 1 }, default: { constant: 2 } } }'));
    expect(problems.map((p) => p.hint)).toEqual(['the default is the generator written beside by:, not a case']);
  });

  it('does not check a by: column whose values are open-ended', () => {
    const spec = people('      name: { type: text, faker: person.firstName }\n      fee: { type: real, by: name, cases: { anything: { constant: 1 } }, constant: 0 }');
    expect(validateSpec(spec)).toEqual([]);
  });

  it('accepts true/false and 1/0 on boolean columns, refuses other keys and a key given twice', () => {
    expect(validateSpec(people('      fee: { type: real, by: enrolled, cases: { true: { constant: 1 }, false: { constant: 2 } } }'))).toEqual([]);
    expect(validateSpec(people('      fee: { type: real, by: enrolled, cases: { "1": { constant: 1 }, "0": { constant: 2 } } }'))).toEqual([]);
    expect(validateSpec(people('      fee: { type: real, by: enrolled, cases: { yes: { constant: 1 } }, constant: 0 }')).map((p) => p.path)).toEqual(['tables.people.columns.fee.cases.yes']);
    expect(validateSpec(people('      fee: { type: real, by: enrolled, cases: { true: { constant: 1 }, "1": { constant: 2 } }, constant: 0 }')).map((p) => [p.path, p.message])).toEqual([
      ['tables.people.columns.fee.cases.true', 'cases "1" and "true" match the same enrolled'],
    ]);
  });

  it('matches true/false keys on a boolean read from the parent (kept as 1/0) as on the own row', async () => {
    const run = await runSpec(visits('      own: { type: integer, by: parent.active, cases: { true: { constant: 1 }, false: { constant: 0 } } }'));
    try {
      const rows = run.db.prepare('SELECT m.active AS active, v.own AS own FROM visits v JOIN members m USING (member_id)').all() as { active: number; own: number }[];
      expect(rows).toHaveLength(20);
      expect(new Set(rows.map((r) => r.active))).toEqual(new Set([0, 1]));
      for (const row of rows) expect(row.own).toBe(row.active);
    } finally {
      run.close();
    }
  });
});
