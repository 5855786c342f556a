/** YAML's escapes in double-quoted scalars, by the character after the backslash. */
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Where character `offset` of a scalar's value is in the scalar's source (as written: quotes,
 * escapes, a block header, indentation, folded line breaks). The two are walked side by side;
 * undefined when they part, as when the value came from a `${param}` or `--set`.
 */
export function offsetInScalar(source: string, value: string, offset: number): number | undefined {
  const style = source[0] === '|' || source[0] === '>' ? 'block' : source[0] === '"' ? 'double' : source[0] === "'" ? 'single' : 'plain';
  let s = style === 'block' ? source.indexOf('\n') + 1 : style === 'plain' ? 0 : 1;
  if (style === 'block' && s === 0) return undefined;
  // A block's lines are indented by its first line's indentation, which is not part of the value.
  const indent = style === 'block' ? (/^(?:[ \t]*\n)*( *)/.exec(source.slice(s))?.[1].length ?? 0) : Infinity;
  const skipIndentation = () => {
    for (let n = 0; n < indent && source[s] === ' '; n++) s++;
    if (indent === Infinity) while (source[s] === ' ' || source[s] === '\t') s++;
  };
  if (style === 'block') skipIndentation();
  const target = Math.min(offset, value.length - 1);
  for (let v = 0; v <= target; v++) {
    const wanted = value[v];
    for (;;) {
      if (s >= source.length) return undefined;
      const char = source[s];
      if (style === 'double' && char === '\\') {
        const next = source[s + 1];
        if (next === '\n' || next === '\r') {
          // An escaped line break joins the lines: nothing of the value here.
          s += 2;
          skipIndentation();
          continue;
        }
        const digits = HEX_ESCAPES[next];
        const decoded = digits ? String.fromCodePoint(parseInt(source.slice(s + 2, s + 2 + digits), 16)) : ESCAPES[next];
        if (decoded === undefined || !decoded.startsWith(wanted)) return undefined;
        if (v === target) return offset >= value.length ? s + 2 + (digits ?? 0) : s;
        s += 2 + (digits ?? 0);
        break;
      }
      const quoteTwice = style === 'single' && char === "'" && source[s + 1] === "'";
      if (char === wanted || (char === '\n' && (wanted === ' ' || wanted === '\n'))) {
        if (v === target) return offset >= value.length ? s + (quoteTwice ? 2 : 1) : s;
        s += quoteTwice ? 2 : 1;
        if (char === '\n') skipIndentation();
        break;
      }
      // Whitespace of the source that the value does not hold: indentation, spaces before a fold, blank lines.
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
        s++;
        if (char === '\n') skipIndentation();
        continue;
      }
      return undefined;
    }
  }
  return value.length === 0 ? s : undefined;
}
