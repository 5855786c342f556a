/**
 * Topological order of named nodes; ties go to declaration order.
 * Returns the order, or the first cycle found as a closed path (`a, b, a`).
 */
export function topologicalOrder(
  nodes: readonly string[],
  dependsOn: (node: string) => Iterable<string>,
): { order: string[] } | { cycle: string[] } {
  const position = new Map(nodes.map((n, i) => [n, i]));
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const node of nodes) {
    const deps = new Set([...dependsOn(node)].filter((d) => position.has(d) && d !== node));
    remaining.set(node, deps.size);
    for (const dep of deps) dependents.get(dep)!.push(node);
  }
  // Ready nodes kept sorted by declaration position: the smallest goes first.
  const ready = nodes.filter((n) => remaining.get(n) === 0);
  const order: string[] = [];
  while (ready.length) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const next = ready.shift()!;
    order.push(next);
    for (const dependent of dependents.get(next)!) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length === nodes.length) return { order };
  return { cycle: findCycle(nodes.filter((n) => remaining.get(n)! > 0), dependsOn) };
}

function findCycle(stuck: string[], dependsOn: (node: string) => Iterable<string>): string[] {
  const inStuck = new Set(stuck);
  const visiting: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (node: string): string[] | undefined => {
    visiting.push(node);
    onPath.add(node);
    for (const dep of dependsOn(node)) {
      if (!inStuck.has(dep)) continue;
      if (dep === node) return [node, node];
      if (onPath.has(dep)) return [...visiting.slice(visiting.indexOf(dep)), dep];
      if (!done.has(dep)) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    visiting.pop();
    onPath.delete(node);
    done.add(node);
    return undefined;
  };
  for (const node of stuck) {
    const found = visit(node);
    if (found) return found;
  }
  return stuck;
}
