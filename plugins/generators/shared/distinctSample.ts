import type { Stream } from '../../../engine/contract';

/**
 * `count` distinct indices of 0 … size-1, every ordered choice equally likely: Floyd's
 * algorithm (one draw per pick, no retries), then the picks shuffled. O(count).
 */
export function uniformDistinct(size: number, count: number, stream: Stream): number[] {
  const chosen = new Set<number>();
  const picks: number[] = [];
  for (let j = size - count; j < size; j++) {
    const t = stream.int(0, j);
    const pick = chosen.has(t) ? j : t;
    chosen.add(pick);
    picks.push(pick);
  }
  for (let i = picks.length - 1; i > 0; i--) {
    const j = stream.int(0, i);
    [picks[i], picks[j]] = [picks[j], picks[i]];
  }
  return picks;
}

/**
 * `count` distinct indices drawn without replacement in proportion to `weights` (each next
 * pick among those left, by weight), in the order drawn: Efraimidis–Spirakis keys
 * log(u) / w, the `count` largest kept in a min-heap. O(n log count); indices of weight 0 are
 * never picked, so the caller checks that enough weights are positive.
 */
export function weightedDistinct(weights: ArrayLike<number>, count: number, stream: Stream): number[] {
  const heapKeys = new Float64Array(count);
  const heapItems = new Int32Array(count);
  let size = 0;
  const swap = (a: number, b: number) => {
    [heapKeys[a], heapKeys[b]] = [heapKeys[b], heapKeys[a]];
    [heapItems[a], heapItems[b]] = [heapItems[b], heapItems[a]];
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < size && heapKeys[l] < heapKeys[least]) least = l;
      if (r < size && heapKeys[r] < heapKeys[least]) least = r;
      if (least === i) return;
      swap(i, least);
      i = least;
    }
  };
  for (let i = 0; i < weights.length; i++) {
    // Every candidate takes one draw, picked or not: the stream advances the same way whatever the weights.
    const u = 1 - stream.next();
    const w = weights[i];
    if (!(w > 0)) continue;
    const key = Math.log(u) / w;
    if (size < count) {
      heapKeys[size] = key;
      heapItems[size] = i;
      for (let c = size++; c > 0 && heapKeys[(c - 1) >> 1] > heapKeys[c]; c = (c - 1) >> 1) swap(c, (c - 1) >> 1);
    } else if (count > 0 && key > heapKeys[0]) {
      heapKeys[0] = key;
      heapItems[0] = i;
      siftDown(0);
    }
  }
  // Largest key first: the order of successive weighted draws.
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => heapKeys[b] - heapKeys[a] || heapItems[a] - heapItems[b]);
  return order.map((i) => heapItems[i]);
}
