import { escapeHtml } from './escapeHtml';
import { formatCount } from './numberFormat';
import type { TableCount } from './rowCounts';

/** Rows per table, with a bar against the largest table. */
export function tablesSection(tables: TableCount[]): string {
  const largest = Math.max(1, ...tables.map((t) => t.rows));
  const total = tables.reduce((sum, t) => sum + t.rows, 0);
  const rows = tables.map(
    (t) =>
      `<tr><th scope="row">${escapeHtml(t.table)}${t.description ? `<span class="about">${escapeHtml(t.description)}</span>` : ''}</th>` +
      `<td class="count">${formatCount(t.rows)}</td>` +
      `<td class="bar"><span style="width:${((100 * t.rows) / largest).toFixed(1)}%"></span></td></tr>`,
  );
  return [
    '<section id="tables">',
    '<h2>Rows per table</h2>',
    '<div class="scroll"><table class="tables">',
    '<thead><tr><th scope="col">Table</th><th scope="col" class="count">Rows</th><th scope="col"></th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    `<tfoot><tr><th scope="row">${tables.length} tables</th><td class="count">${formatCount(total)}</td><td></td></tr></tfoot>`,
    '</table></div>',
    '</section>',
  ].join('\n');
}
