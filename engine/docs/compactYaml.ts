import { Document, isCollection, isPair, isScalar, visit } from 'yaml';

/** Longest line a collection may take in flow style. */
const LINE_WIDTH = 100;

/**
 * YAML as specs are written by hand: a map or list on one line when it fits, in blocks
 * otherwise. The outermost `blockLevels` levels stay blocks (`columns:` over its columns).
 */
export function compactYaml(value: unknown, blockLevels = 1): string {
  const doc = new Document(value);
  visit(doc, {
    Collection(_key, node, path) {
      const ancestors = path.filter(isCollection).length;
      if (ancestors < blockLevels) return undefined;
      const parent = path[path.length - 1];
      const key = isPair(parent) && isScalar(parent.key) ? String(parent.key.value).length + 2 : 2;
      const oneLine = oneLineYaml(node.toJSON());
      if (2 * (ancestors - 1) + key + oneLine.length > LINE_WIDTH) return undefined;
      node.flow = true;
      return visit.SKIP;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** A value as one line of flow-style YAML: `{ min: 1, max: 5 }`, `[Nov, Dec]`, `as_of`. */
export function oneLineYaml(value: unknown): string {
  return new Document(value).toString({ collectionStyle: 'flow', lineWidth: 0 }).trim();
}
