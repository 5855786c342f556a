import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export type SpecPath = (string | number)[];

const SEP = '\u0000';
const KEY = '\u0001key';

/** A scalar's text as written in its file (quotes, block header and indentation included), and the position of any offset in it. */
export interface ScalarSource {
  text: string;
  at(offset: number): SourcePosition;
}

/** Where every node of a (merged) spec came from: path → file:line:col. */
export class PositionIndex {
  private readonly positions = new Map<string, SourcePosition>();
  /** Scalars of files recorded with their text: where a fault inside a value (a SQL statement) is shown. */
  private readonly scalars = new Map<string, ScalarSource>();

  /**
   * Records every node of a parsed YAML document, under `prefix`; with the file's `text`, scalars
   * keep their source too. With the `doc`, keys a merge key (`<<: *anchor`) brings in are recorded
   * where the anchor's map writes them.
   */
  record(root: Node | null | undefined, file: string, lines: LineCounter, prefix: SpecPath = [], text?: string, doc?: Document): void {
    const at = (offset: number): SourcePosition => {
      const { line, col } = lines.linePos(offset);
      return { file, line, col };
    };
    // Each node's key is its parent's key and one more part: built once per node, not joined from the whole path.
    const walk = (node: unknown, key: string, top: boolean): void => {
      const range = (node as Node | undefined)?.range;
      if (range) this.positions.set(key, at(range[0]));
      if (range && text !== undefined && isScalar(node)) {
        const [start, end] = range;
        this.scalars.set(key, { text: text.slice(start, end), at: (offset) => at(start + offset) });
      }
      const child = (part: string | number) => (top ? String(part) : `${key}${SEP}${part}`);
      if (isMap(node)) {
        for (const pair of mergedPairs(node, doc)) {
          const childKey = child(isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
          const keyRange = (pair.key as Node | undefined)?.range;
          if (keyRange) this.positions.set(childKey + KEY, at(keyRange[0]));
          walk(pair.value, childKey, false);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => walk(item, child(i), false));
      }
    };
    walk(root, prefix.join(SEP), prefix.length === 0);
  }

  /** Later records win: used to overlay an extending spec on its base. */
  merge(other: PositionIndex): void {
    for (const [key, pos] of other.positions) this.positions.set(key, pos);
    for (const [key, source] of other.scalars) this.scalars.set(key, source);
  }

  /** The source of the scalar at `path`, when its file was recorded with its text. */
  scalarSource(path: SpecPath): ScalarSource | undefined {
    return this.scalars.get(path.join(SEP));
  }

  /** The position of `path`, or of its nearest ancestor that has one. Prefers the key for map entries. */
  find(path: SpecPath, preferKey = false): SourcePosition | undefined {
    for (let n = path.length; n >= 0; n--) {
      const key = path.slice(0, n).join(SEP);
      const pos = (preferKey && this.positions.get(key + KEY)) || this.positions.get(key) || this.positions.get(key + KEY);
      if (pos) return pos;
    }
    return undefined;
  }
}

/**
 * A map's pairs in the order that makes the last one of each key the one YAML 1.1 keeps:
 * the maps merged by `<<` (of a list, the last first, since earlier maps win), then the map's
 * own pairs. Without the document, merge keys are not followed.
 */
function mergedPairs(map: YAMLMap, doc: Document | undefined, open = new Set<YAMLMap>()): Pair[] {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  open.add(map);
  for (const pair of map.items) {
    if (!isMergeKey(pair)) {
      own.push(pair);
      continue;
    }
    if (!doc) continue;
    const sources = isSeq(pair.value) ? [...pair.value.items].reverse() : [pair.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      // An anchor's map may not merge itself: YAML refuses it, and the walk must end.
      if (isMap(target) && !open.has(target)) merged.push(...mergedPairs(target, doc, open));
    }
  }
  open.delete(map);
  return [...merged, ...own];
}

function isMergeKey(pair: unknown): pair is Pair {
  return isPair(pair) && isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

/** `tables.orders.columns[0]` style text of a spec path. */
export function formatPath(path: SpecPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
