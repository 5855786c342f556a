import type { RunResult } from '../run/runCompiled';

const number = new Intl.NumberFormat('en-US');

/** The end-of-run table: rows per table, seconds, rows/s, and where the output went. */
export function formatSummary(result: RunResult): string {
  const width = Math.max(5, ...result.tables.map((t) => t.name.length));
  const lines = result.tables.map((t) => {
    const rate = t.seconds > 0 ? Math.round(t.rows / t.seconds) : 0;
    return `  ${t.name.padEnd(width)}  ${number.format(t.rows).padStart(12)} rows  ${t.seconds.toFixed(2).padStart(7)} s  ${number.format(rate).padStart(10)} rows/s${t.written ? '' : '  (internal)'}`;
  });
  const rate = result.seconds > 0 ? Math.round(result.rows / result.seconds) : 0;
  lines.push(`  ${'total'.padEnd(width)}  ${number.format(result.rows).padStart(12)} rows  ${result.seconds.toFixed(2).padStart(7)} s  ${number.format(rate).padStart(10)} rows/s`);
  lines.push(`wrote ${result.output}`);
  return lines.join('\n');
}
