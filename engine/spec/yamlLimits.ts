import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Problem } from '../errors/problem';

/**
 * Deepest nesting of maps and lists a spec may have. Real specs stay under 15 levels;
 * the limit keeps every later recursive walk (merge, params, schema) far from the stack's end.
 */
export const MAX_NESTING = 64;

/** Largest spec file read: specs are written by people (the biggest example is ~60 KB), and parsing costs ~3 s per MB. */
export const MAX_SPEC_BYTES = 5_000_000;

/**
 * Problems of a parsed file that YAML allows but a spec cannot hold: nesting deeper than
 * MAX_NESTING, a key given twice in one map, and numbers JSON Schema cannot check (`.inf`,
 * `.nan`). Walks without recursion, so a hostile file cannot exhaust the stack here.
 * Duplicate keys are found here, with a set per map, rather than by the parser, whose
 * check compares each key with every earlier one (a map of 100,000 columns: 5·10⁹ tests).
 */
export function yamlLimitProblems(doc: Document, file: string, lines: LineCounter): Problem[] {
  const problems: Problem[] = [];
  const at = (node: Node) => ({ file, ...lines.linePos(node.range?.[0] ?? 0) });
  const pending: [unknown, number][] = [[doc.contents, 1]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value)) {
      problems.push({ code: 'SPEC_SCHEMA', message: `${node.value > 0 ? '.inf' : node.value < 0 ? '-.inf' : '.nan'} is not a finite number`, path: '', ...at(node), hint: 'write a number such as 1000000; .inf and .nan are not allowed' });
    } else if (isMap(node) || isSeq(node)) {
      if (depth > MAX_NESTING) {
        problems.push({ code: 'SPEC_SCHEMA', message: `the spec nests maps and lists more than ${MAX_NESTING} levels deep`, path: '', ...at(node), hint: 'a spec needs far fewer levels: check for runaway brackets or indentation' });
        break;
      }
      const keys = new Set<unknown>();
      for (const item of node.items as unknown[]) {
        if (isPair(item) && isScalar(item.key)) {
          if (keys.has(item.key.value)) problems.push({ code: 'YAML_SYNTAX', message: 'Map keys must be unique', path: '', ...at(item.key), hint: 'each name may appear once in a mapping: rename or remove one' });
          keys.add(item.key.value);
        }
        if (isPair(item) && isScalar(item.key) && item.key.value === '__proto__') {
          problems.push({ code: 'SPEC_SCHEMA', message: 'a key may not be named "__proto__"', path: '', ...at(item.key), hint: 'rename the key' });
        }
        if (isPair(item)) pending.push([item.key, depth + 1], [item.value, depth + 1]);
        else pending.push([item, depth + 1]);
      }
    }
  }
  return problems;
}
