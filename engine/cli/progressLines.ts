import type { TableProgress } from '../run/runCompiled';
import type { PlannedTable } from './progressPlan';

const number = new Intl.NumberFormat('en-US');

/** What the run has done so far, measured against its plan. */
export class ProgressTally {
  private readonly latest = new Map<string, TableProgress>();
  private readonly planned: Map<string, number>;

  constructor(private readonly plan: PlannedTable[]) {
    this.planned = new Map(plan.map((t) => [t.name, t.rows]));
  }

  record(p: TableProgress): void {
    this.latest.set(p.table, p);
  }

  get rows(): number {
    let rows = 0;
    for (const p of this.latest.values()) rows += p.rows;
    return rows;
  }

  get tablesDone(): number {
    return [...this.latest.values()].filter((p) => p.done).length;
  }

  /** Tables started but not finished, in run order. */
  get running(): TableProgress[] {
    return [...this.latest.values()].filter((p) => !p.done);
  }

  /** A table's expected rows: its own count once done, its chunks so far extrapolated while running, else the plan. */
  expected(table: string): number {
    const p = this.latest.get(table);
    if (p?.done) return p.rows;
    const planned = this.planned.get(table) ?? 0;
    if (p && p.chunk > 0 && p.chunks > 0) return Math.max(p.rows, Math.round((p.rows / p.chunk) * p.chunks), planned);
    return Math.max(p?.rows ?? 0, planned);
  }

  /** The rows still to make, and whether some table's size is still unknown (its ETA is then a lower bound). */
  remaining(): { rows: number; unknown: boolean } {
    let rows = 0;
    let unknown = false;
    for (const { name } of this.plan) {
      const p = this.latest.get(name);
      if (p?.done) continue;
      const expected = this.expected(name);
      if (expected === 0 && !p) unknown = true;
      rows += Math.max(0, expected - (p?.rows ?? 0));
    }
    return { rows, unknown };
  }

  /** `1,234,567 rows · 98,765 rows/s · ETA 0:42 · tables 3/23` */
  overallLine(seconds: number): string {
    const rows = this.rows;
    const rate = seconds > 0 ? rows / seconds : 0;
    const { rows: left, unknown } = this.remaining();
    const eta = rate > 0 ? `${unknown ? '≥ ' : ''}${duration(left / rate)}` : '–';
    return `${number.format(rows)} rows · ${number.format(Math.round(rate))} rows/s · ETA ${eta} · tables ${this.tablesDone}/${this.plan.length}`;
  }

  /** `  orders  12,345 of ~50,000 rows  24%` */
  tableLine(p: TableProgress): string {
    const expected = this.expected(p.table);
    if (expected === 0) return `  ${p.table}  ${number.format(p.rows)} rows`;
    const percent = Math.min(99, Math.floor((p.rows / expected) * 100));
    return `  ${p.table}  ${number.format(p.rows)} of ~${number.format(expected)} rows  ${percent}%`;
  }

  /** `orders: 15,000 rows` */
  static doneLine(p: TableProgress): string {
    return `${p.table}: ${number.format(p.rows)} rows`;
  }
}

/** `0:42`, `12:05`, `1:02:03` */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** Cut to `width` characters with an ellipsis: a terminal line that wraps breaks the redraw. */
export function fitWidth(line: string, width: number): string {
  const chars = [...line];
  return chars.length <= width ? line : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}
