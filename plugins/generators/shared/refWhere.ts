import { didYouMean, PluginOptionError, RowError, type ExpressionConjunct, type ExpressionNames, type GeneratorContext, type Row, type RowFn, type Stream, type TableHandle } from '../../../engine/contract';
import { atOption } from './optionPath';
import { firstAtLeast, pickWeightedIn, sortColumn, type SortedColumn } from './sortedCandidates';
import { cumulativeWeights, pickWeighted } from './weightedPick';

/** The namespace a `where:` reads the referenced row through. */
const CANDIDATE = 'candidate.';

/** Random picks inside the window before the window is scanned for the rows that meet the rest. */
const TRIES = 64;

type WindowOp = '<' | '<=' | '>' | '>=' | '==';
const FLIPPED: Record<WindowOp, WindowOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==' };

/** A part of the condition `candidate.<field> <op> <expression of the row>`: served by a window of the rows sorted by field. */
interface Bound {
  field: string;
  op: WindowOp;
  other: RowFn;
  conjunct: number;
}

/** Rows in the order a window counts them (`order` undefined: row order), with running totals of their weights when weighted. */
interface View {
  order?: Int32Array;
  values?: Float64Array;
  cumulative?: Float64Array;
}

/**
 * The row of `table` a reference with `where:` points at, or -1 when no row meets the condition.
 * Comparisons of a candidate column with the row become windows over the rows sorted by that
 * column (sorted once, when the first row asks; a binary search per row); the smallest window is
 * drawn from, by weight when `weights` is given, and the other parts of the condition are tested
 * on up to TRIES picks, then on every row of the window.
 */
export function compileWhere(where: string, ctx: GeneratorContext, table: TableHandle, weights: (() => Float64Array) | undefined, stream: Stream): RowFn<number> {
  let candidate = 0;
  const names: ExpressionNames = (path) => {
    if (!path.startsWith(CANDIDATE)) return undefined;
    const field = path.slice(CANDIDATE.length);
    const columns = table.columns();
    if (!columns.includes(field)) throw new PluginOptionError(`"${path}": table "${table.name}" has no column "${field}"`, didYouMean(field, [...columns], 'column'), [], 'SPEC_UNKNOWN_COLUMN');
    const read = table.column(field);
    return () => read(candidate);
  };
  const conjuncts = atOption(['where'], () => ctx.conjuncts(where, names));
  const bounds = conjuncts.flatMap((conjunct, i) => boundOf(conjunct, i) ?? []);
  const fields = [...new Set(bounds.map((bound) => bound.field))];
  const boundsOf = new Map(fields.map((field) => [field, bounds.filter((bound) => bound.field === field)]));
  const columns = new Map(fields.map((field) => [field, table.column(field)]));
  // An ordering of a candidate column fails for a candidate whose column is NULL, windowed or tested (the language would call it an error).
  const tests = conjuncts.map((conjunct, i) => {
    const bound = bounds.find((b) => b.conjunct === i);
    if (!bound || bound.op === '==') return conjunct.test;
    const value = columns.get(bound.field)!;
    return (row: Row) => value(candidate) !== null && value(candidate) !== undefined && conjunct.test(row);
  });
  // The parts a window on each field leaves to test; all of them without a window.
  const restOf = new Map(fields.map((field) => [field, tests.filter((_, i) => !boundsOf.get(field)!.some((bound) => bound.conjunct === i))]));
  const shown = where.length > 80 ? `${where.slice(0, 80)}…` : where;

  // Built when the first row asks: the referenced table has run by then, not at compile time.
  let prepared: { size: number; weightOf?: Float64Array; whole: View; views: Map<string, View> } | undefined;
  const prepare = () => {
    const size = table.size();
    const weightOf = weights?.();
    const inOrder = (order: Int32Array) => cumulativeWeights(Array.from(order, (i) => weightOf![i]));
    const views = new Map<string, View>();
    for (const field of fields) {
      // A column holding text cannot be windowed: its parts are tested instead.
      const sorted: SortedColumn | undefined = sortColumn(size, columns.get(field)!);
      if (sorted) views.set(field, { ...sorted, cumulative: weightOf && inOrder(sorted.order) });
    }
    return { size, weightOf, whole: { cumulative: weightOf && cumulativeWeights(weightOf) }, views };
  };

  return (row) => {
    const { size, weightOf, whole, views } = (prepared ??= prepare());
    let view: View = whole;
    let lo = 0;
    let hi = size;
    let rest = tests;
    for (const [field, fieldView] of views) {
      const window = windowOf(fieldView.values!, boundsOf.get(field)!, row, () => `row ${ctx.rowIndex(row) + 1}: where "${shown}"`);
      if (window && window[1] - window[0] < hi - lo) {
        [lo, hi] = window;
        view = fieldView;
        rest = restOf.get(field)!;
      }
    }
    if (hi <= lo) return -1;
    const rowAt = (p: number) => (view.order ? view.order[p] : p);
    const draw = () => (view.cumulative ? pickWeightedIn(view.cumulative, lo, hi, stream.next()) : stream.int(lo, hi - 1));
    const meets = (index: number) => {
      candidate = index;
      for (const test of rest) if (!test(row)) return false;
      return true;
    };
    for (let attempt = 0; attempt < (rest.length ? TRIES : 1); attempt++) {
      const p = draw();
      if (p < 0) return -1;
      if (meets(rowAt(p))) return rowAt(p);
    }
    return scan(lo, hi, rowAt, weightOf, meets, stream.next());
  };
}

/** `candidate.<field> op <row expression>` (either way round), when the part is that. */
function boundOf(conjunct: ExpressionConjunct, index: number): Bound | undefined {
  const comparison = conjunct.comparison;
  if (!comparison || !(comparison.op in FLIPPED)) return undefined;
  const op = comparison.op as WindowOp;
  const isCandidate = (name: string | undefined) => name !== undefined && name.startsWith(CANDIDATE);
  const readsRowOnly = (names: readonly string[]) => !names.some(isCandidate);
  const { left, right } = comparison;
  if (isCandidate(left.name) && readsRowOnly(right.names)) return { field: left.name!.slice(CANDIDATE.length), op, other: right.value, conjunct: index };
  if (isCandidate(right.name) && readsRowOnly(left.names)) return { field: right.name!.slice(CANDIDATE.length), op: FLIPPED[op], other: left.value, conjunct: index };
  return undefined;
}

/**
 * The positions [lo, hi) of the sorted values that meet every bound on this row, or undefined
 * when a bound cannot be served here (`== null`: those parts are tested instead).
 */
function windowOf(values: Float64Array, bounds: Bound[], row: Row, where: () => string): [number, number] | undefined {
  let lo = 0;
  let hi = values.length;
  for (const bound of bounds) {
    const v = bound.other(row);
    if (typeof v !== 'number') {
      if (bound.op !== '==') throw new RowError(`${where()}: compares candidate.${bound.field} with ${JSON.stringify(v) ?? 'null'}, which is not a number`, 'compare candidate columns with numbers or dates, or guard the value with coalesce()');
      if (v === null || v === undefined) return undefined;
      // Text never equals the numbers of a windowed column.
      return [0, 0];
    }
    if (bound.op === '<' || bound.op === '<=') hi = Math.min(hi, firstAtLeast(values, v, bound.op === '<='));
    if (bound.op === '>' || bound.op === '>=') lo = Math.max(lo, firstAtLeast(values, v, bound.op === '>'));
    if (bound.op === '==') {
      lo = Math.max(lo, firstAtLeast(values, v, false));
      hi = Math.min(hi, firstAtLeast(values, v, true));
    }
  }
  return [lo, Math.max(lo, hi)];
}

/** Every row of the window that meets the rest of the condition, one drawn by weight (uniformly without); -1 when none does. */
function scan(lo: number, hi: number, rowAt: (p: number) => number, weightOf: Float64Array | undefined, meets: (index: number) => boolean, u: number): number {
  const eligible: number[] = [];
  const totals = new Float64Array(hi - lo);
  let total = 0;
  for (let p = lo; p < hi; p++) {
    const index = rowAt(p);
    const weight = weightOf ? weightOf[index] : 1;
    if (!(weight > 0) || !meets(index)) continue;
    total += weight;
    totals[eligible.length] = total;
    eligible.push(index);
  }
  if (!eligible.length) return -1;
  return eligible[pickWeighted(totals.subarray(0, eligible.length), u)];
}
