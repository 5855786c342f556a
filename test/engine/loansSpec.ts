/** Specs of lending: members' loans of copies, with or without a no_overlap rule per copy (for the no_overlap tests). */

/** Copies and members' loans of them; `rule` is the loans table's no_overlap block (or nothing), `orderBy` a per_parent line. */
export function loansSpec({ rule = '', orderBy = '', copies = 60, members = 200, loans = '{ integer: { min: 0, max: 5 } }' } = {}): string {
  return `
name: lending
seed: 3
as_of: 2025-06-30
tables:
  copies:
    rows: { count: ${copies} }
    columns:
      copy_id: { type: integer, primary_key: true, sequence: {} }
  members:
    rows: { count: ${members} }
    columns:
      member_id: { type: integer, primary_key: true, sequence: {} }
  loans:
    rows:
      per_parent:
        parent: members
        count: ${loans}
        ${orderBy}
    columns:
      loan_id: { type: integer, primary_key: true, sequence: {} }
      member_id: { type: integer, from: parent.member_id }
      copy_id: { type: integer, ref: copies.copy_id }
      loan_date: { type: date, date_between: { from: -1 year, to: as_of } }
      returned_on: { type: date, null_probability: 0.02, date_offset: { from: loan_date, offset: { integer: { min: 7, max: 21 } }, unit: days } }
${rule}
`;
}

export const RULE = '    no_overlap: [ { per: copy_id, start: loan_date, end: returned_on } ]';
