import { IndexHeap } from './indexHeap';

/**
 * Topological order of named nodes; ties go to declaration order.
 * Returns the order, or the first cycle found as a closed path (`a, b, a`).
 * O((V + E) log V) and without recursion: a spec's size, not its shape, sets the cost.
 */
export function topologicalOrder(
  nodes: readonly string[],
  dependsOn: (node: string) => Iterable<string>,
): { order: string[] } | { cycle: string[] } {
  const position = new Map(nodes.map((n, i) => [n, i]));
  const remaining = new Array<number>(nodes.length).fill(0);
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((node, i) => {
    const deps = new Set<number>();
    for (const dep of dependsOn(node)) {
      const at = position.get(dep);
      if (at !== undefined && at !== i) deps.add(at);
    }
    remaining[i] = deps.size;
    for (const dep of deps) dependents[dep].push(i);
  });
  // Ready nodes by declaration position: the smallest goes first.
  const ready = new IndexHeap();
  remaining.forEach((left, i) => left === 0 && ready.push(i));
  const order: string[] = [];
  while (ready.size) {
    const next = ready.pop();
    order.push(nodes[next]);
    for (const dependent of dependents[next]) if (--remaining[dependent] === 0) ready.push(dependent);
  }
  if (order.length === nodes.length) return { order };
  return { cycle: findCycle(nodes.filter((_, i) => remaining[i] > 0), dependsOn) };
}

/** A cycle among nodes that could not be ordered, by depth-first search with a stack of its own. */
function findCycle(stuck: string[], dependsOn: (node: string) => Iterable<string>): string[] {
  const inStuck = new Set(stuck);
  const done = new Set<string>();
  for (const start of stuck) {
    if (done.has(start)) continue;
    const path = [start];
    const onPath = new Map([[start, 0]]);
    const pending = [dependsOn(start)[Symbol.iterator]()];
    while (path.length) {
      const step = pending[pending.length - 1].next();
      const node = path[path.length - 1];
      if (step.done) {
        done.add(node);
        onPath.delete(node);
        path.pop();
        pending.pop();
        continue;
      }
      const dep = step.value;
      // A node reading itself is no edge of the order, so none of a cycle either.
      if (dep === node || !inStuck.has(dep) || done.has(dep)) continue;
      const at = onPath.get(dep);
      if (at !== undefined) return [...path.slice(at), dep];
      onPath.set(dep, path.length);
      path.push(dep);
      pending.push(dependsOn(dep)[Symbol.iterator]());
    }
  }
  return stuck;
}

/** A chain of names as `a --> b --> a`; a long one shows its first and last steps around how many it leaves out. */
export function describeChain(steps: readonly string[]): string {
  const SHOWN = 6;
  if (steps.length <= 2 * SHOWN + 1) return steps.join(' --> ');
  const left = steps.length - 2 * SHOWN;
  return [...steps.slice(0, SHOWN), `… ${left.toLocaleString('en-US')} more …`, ...steps.slice(-SHOWN)].join(' --> ');
}
