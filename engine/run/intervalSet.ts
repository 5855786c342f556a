/** Intervals per block: an insert moves at most this many, and the list of blocks grows by one per this many inserts. */
const BLOCK = 1024;

interface Block {
  starts: number[];
  ends: number[];
}

/**
 * Disjoint intervals [start, end) sorted by start, in blocks of at most BLOCK: a new interval
 * can overlap only its two neighbours, found by binary search over the blocks and within one,
 * and an insert moves one block's entries, so a million intervals of one resource stay fast.
 */
export class IntervalSet {
  private readonly blocks: Block[] = [];

  /** An interval of the set that [start, end) overlaps, if any. */
  overlapping(start: number, end: number): [number, number] | undefined {
    const { block, index } = this.position(start);
    const before = this.at(block, index - 1);
    if (before && before[1] > start) return before;
    const after = this.at(block, index);
    return after && after[0] < end ? after : undefined;
  }

  /** Adds [start, end), which must overlap none of the set. */
  insert(start: number, end: number): void {
    if (this.blocks.length === 0) {
      this.blocks.push({ starts: [start], ends: [end] });
      return;
    }
    const { block, index } = this.position(start);
    const target = this.blocks[block];
    target.starts.splice(index, 0, start);
    target.ends.splice(index, 0, end);
    if (target.starts.length > BLOCK) this.blocks.splice(block + 1, 0, { starts: target.starts.splice(BLOCK / 2), ends: target.ends.splice(BLOCK / 2) });
  }

  /** The block `start` falls in (the last whose first start is at or before it, else the first) and the index of the first interval there starting after it. */
  private position(start: number): { block: number; index: number } {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.blocks[mid].starts[0] <= start) lo = mid;
      else hi = mid - 1;
    }
    const starts = this.blocks[lo]?.starts ?? [];
    let index = 0;
    let top = starts.length;
    while (index < top) {
      const mid = (index + top) >>> 1;
      if (starts[mid] <= start) index = mid + 1;
      else top = mid;
    }
    return { block: lo, index };
  }

  /**
   * The interval at `index` of `block`; the block's length is the next block's first. (Index -1
   * stays in the block: `position` gives index 0 only in the first block, before everything.)
   */
  private at(block: number, index: number): [number, number] | undefined {
    let b: Block | undefined = this.blocks[block];
    if (!b || index < 0) return undefined;
    if (index >= b.starts.length) {
      b = this.blocks[block + 1];
      index = 0;
    }
    return b ? [b.starts[index], b.ends[index]] : undefined;
  }
}
