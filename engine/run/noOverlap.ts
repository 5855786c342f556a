import { PluginOptionError, RowError, type Row } from '../contract';
import type { CompiledColumn } from '../compile/column';
import type { RowFiller } from '../compile/rowFiller';
import type { TableSpec } from '../spec/model';
import { suggestName } from '../spec/suggest';
import { IntervalSet } from './intervalSet';

/** One `no_overlap:` rule of a table. */
export interface NoOverlapRule {
  per: string;
  start: string;
  end: string;
}

/** Draws of one row before a rule gives up: a sign its intervals cannot all fit. */
const OVERLAP_ATTEMPTS = 100;

/** Column types an interval bound can have: ordered numbers (dates are numbers inside the engine). */
const UNORDERED_TYPES: readonly string[] = ['text', 'boolean'];

/**
 * A table's `no_overlap:` rules, checked against its columns (errors at `no_overlap.<i>.<key>`).
 * `fixed`: columns that are not drawn again (the ordering columns of sorted children): a
 * rule all of whose columns are fixed could never be met by drawing again.
 */
export function compileNoOverlap(table: string, spec: TableSpec, fixed: ReadonlySet<string>): NoOverlapRule[] {
  const columns = Object.keys(spec.columns);
  return (spec.no_overlap ?? []).map((rule, i) => {
    for (const key of ['per', 'start', 'end'] as const) {
      const column = rule[key];
      if (!Object.hasOwn(spec.columns, column)) {
        throw new PluginOptionError(`table "${table}" has no column "${column}"`, suggestName(column, columns, 'column'), ['no_overlap', i, key], 'SPEC_UNKNOWN_COLUMN');
      }
      if (key !== 'per' && UNORDERED_TYPES.includes(spec.columns[column].type)) {
        throw new PluginOptionError(`no_overlap ${key} "${column}" is a ${spec.columns[column].type} column; an interval needs dates or numbers`, 'name a date, datetime or number column', ['no_overlap', i, key], 'SPEC_TYPE_MISMATCH');
      }
    }
    if (fixed.has(rule.per) && fixed.has(rule.start) && fixed.has(rule.end)) {
      throw new PluginOptionError(
        `no_overlap per ${rule.per}: its columns are all drawn before the children are sorted, so an overlapping row cannot be drawn again`,
        'let per, start or end be a column drawn after the sort (one the order_by columns do not read)',
        ['no_overlap', i],
      );
    }
    return { per: rule.per, start: rule.start, end: rule.end };
  });
}

/** An interval bound as a number: NULL (or no number) is none. */
const bound = (value: unknown): number | undefined => {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
};

/** The no_overlap rules of one table run: the intervals of the rows so far, per rule and resource. */
export class OverlapGuard {
  private readonly sets: Map<unknown, IntervalSet>[];

  constructor(
    private readonly rules: NoOverlapRule[],
    /** The table's columns, to show interval bounds as they are written. */
    private readonly columns: ReadonlyMap<string, CompiledColumn>,
  ) {
    this.sets = rules.map(() => new Map());
  }

  /**
   * Wraps a filler: a row that overlaps an earlier row under some rule is filled again (the
   * `redrawn` columns draw anew from their streams; a unique column forgets the value it
   * drew), up to OVERLAP_ATTEMPTS times; then a RowError names the rule, value and intervals.
   */
  guard(fill: RowFiller, redrawn: readonly CompiledColumn[]): RowFiller {
    const forgetting = redrawn.filter((c) => c.forget);
    return (row, values, offset) => {
      for (let attempt = 1; ; attempt++) {
        fill(row, values, offset);
        const clash = this.findClash(row);
        if (clash === undefined) break;
        if (attempt === OVERLAP_ATTEMPTS) throw this.infeasible(row, clash);
        for (const column of forgetting) column.forget!(row[column.name]);
      }
      this.record(row);
    };
  }

  /** The first rule `row` breaks, with the earlier interval it overlaps. */
  private findClash(row: Row): { rule: number; earlier: [number, number] } | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const interval = this.intervalOf(i, row);
      const earlier = interval && this.sets[i].get(row[this.rules[i].per])?.overlapping(interval[0], interval[1]);
      if (earlier) return { rule: i, earlier };
    }
    return undefined;
  }

  /** Adds the row's intervals, once it broke no rule. */
  private record(row: Row): void {
    for (let i = 0; i < this.rules.length; i++) {
      const interval = this.intervalOf(i, row);
      if (!interval) continue;
      const per = row[this.rules[i].per];
      let set = this.sets[i].get(per);
      if (!set) this.sets[i].set(per, (set = new IntervalSet()));
      set.insert(interval[0], interval[1]);
    }
  }

  /** The row's interval under rule `i`, or none: NULL per or start, or an end not after the start. A NULL end never ends. */
  private intervalOf(i: number, row: Row): [number, number] | undefined {
    const rule = this.rules[i];
    const start = bound(row[rule.start]);
    if (start === undefined || row[rule.per] === null || row[rule.per] === undefined) return undefined;
    const end = bound(row[rule.end]) ?? Infinity;
    return end > start ? [start, end] : undefined;
  }

  private infeasible(row: Row, clash: { rule: number; earlier: [number, number] }): RowError {
    const rule = this.rules[clash.rule];
    const [start, end] = this.intervalOf(clash.rule, row)!;
    const [earlierStart, earlierEnd] = clash.earlier;
    // As written: a date as its text, not the engine's number.
    const show = (column: string, value: unknown) => (value === Infinity ? 'open' : String(this.columns.get(column)!.toOutput(value)));
    return new RowError(
      `no_overlap per ${rule.per}: ${OVERLAP_ATTEMPTS} draws of a row all overlapped an earlier row of the same ${rule.per}; the last, ${rule.per} = ${show(rule.per, row[rule.per])}, ` +
        `[${show(rule.start, start)}, ${show(rule.end, end)}) overlaps [${show(rule.start, earlierStart)}, ${show(rule.end, earlierEnd)})`,
      `the intervals of one ${rule.per} cannot all fit: make them fewer or shorter, spread them over a longer time, or give ${rule.per} more values to choose from`,
      'RUN_CONSTRAINT',
    );
  }
}
