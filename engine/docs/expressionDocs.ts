import { EXPRESSION_FUNCTIONS, RUN_NAMES } from '../compile/expression';
import { OPERATOR_DOCS } from '../compile/expressionSyntax';
import { compactYaml } from './compactYaml';

/** Columns the section shows as its example (run by a test). */
export const EXPRESSION_EXAMPLE = {
  invoice_number: { type: 'integer', primary_key: true, sequence: { start: 1 } },
  amount: { type: 'real', uniform: { min: 1, max: 100, round: 2 } },
  label: { type: 'text', expr: '"INV-" + pad(invoice_number, 6) + " for " + format(amount * scale, 2)' },
  due: { type: 'date', expr: 'add_days(as_of, 30)' },
  note: { type: 'text', expr: 'if amount > 90 then "check" else null' },
};

/** Escapes a table cell's pipes. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * docs/reference.md's Expressions section: the operators, the names an expression reads and
 * every function, from the tables the parser and the compiler use.
 */
export function expressionSection(): string[] {
  return [
    '## Expressions',
    '',
    'Expressions (`expr`, `chance`, a link\'s `where`, …) are a small sandboxed language: values, names, operators and the functions below, nothing else.',
    '',
    'Values: numbers (`2.5`), texts in double quotes (`"a \\" quote"`), `true`, `false`, `null`, and lists in parentheses (`("a", "b")`). Dates are numbers (milliseconds since 1970, UTC), as the date functions take and give them.',
    '',
    '`null` is the missing value: `x == null` is true when `x` is null, `x != null` when it is not; arithmetic, ordering (`<`, …), `and`/`or`/`if` and `~=` on a null fail the row, as they always did, so test with `== null`, `exists(x)` or `coalesce(x, default)` first.',
    '',
    '| operators, loosest first | meaning |',
    '| --- | --- |',
    ...OPERATOR_DOCS.map(({ operators, summary }) => `| ${operators.map((op) => `\`${cell(op)}\``).join(' ')} | ${cell(summary)} |`),
    '',
    'Names an expression reads:',
    '',
    '| name | value |',
    '| --- | --- |',
    '| `column` | a column of the same row (generated before the reader) |',
    '| `column.field` | a column of the row that the reference column `column` (`ref:`) points at |',
    '| `parent.column` | a column of the parent row (per-parent drivers) |',
    '| `params.name` | a spec param (`params:`, `--set name=value`) |',
    '| `context.field` | a field of the table\'s context row (`context:`), null when there is none |',
    '| `namespace.field` | a field the table\'s driver provides, listed in each driver\'s section above (`child.number`, `lifecycle.state_days`, …) |',
    ...Object.entries(RUN_NAMES).map(([name, { summary }]) => `| \`${name}\` | ${cell(summary)}; a column named \`${name}\` is read instead |`),
    '',
    '| function | result |',
    '| --- | --- |',
    ...Object.values(EXPRESSION_FUNCTIONS).map(({ signature, summary }) => `| \`${cell(signature)}\` | ${cell(summary)} |`),
    '',
    'Example:',
    '',
    '```yaml',
    compactYaml({ columns: EXPRESSION_EXAMPLE }, 2).trimEnd(),
    '```',
    '',
  ];
}
