/**
 * The expression language's syntax (filtrex's grammar: the same tokens, precedence and
 * chained comparisons), parsed into a tree the engine compiles to closures. Parsing is
 * our own because filtrex exposes only its finished function, whose per-call machinery
 * (a property callback per name, a dispatcher per function call) cost more than the work.
 */

export type Expr =
  | { kind: 'literal'; value: number | string | boolean | null; /** 1-based column of a quoted text. */ at?: number }
  | { kind: 'name'; name: string }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'list'; items: Expr[] }
  /** Prefix operators on `arg`, innermost first: `- not x` is ops ['not', '-']. */
  | { kind: 'unary'; ops: UnaryOp[]; arg: Expr }
  /** Operators of one precedence in a row: `a - b + c` groups to the left, `a ^ b ^ c` to the right. */
  | { kind: 'binary'; operands: Expr[]; ops: BinaryOp[] }
  | { kind: 'compare'; operands: Expr[]; ops: CompareOp[] }
  | { kind: 'if'; test: Expr; then: Expr; else: Expr };

export type UnaryOp = '-' | 'not';
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | 'mod' | 'and' | 'or' | 'in' | 'not in';
export type CompareOp = '==' | '!=' | '~=' | '<' | '<=' | '>' | '>=';

/** The text does not parse; `column` is 1-based within the expression. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
    /** What to write instead, when the general syntax hint would not say. */
    readonly hint?: string,
  ) {
    super(`${message} at column ${column}`);
  }
}

type TokenKind = 'number' | 'string' | 'symbol' | 'op' | 'keyword' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  /** The string's or quoted symbol's content, escapes resolved. */
  value?: string;
  at: number;
}

const COMPARE_OPS = new Set<string>(['==', '!=', '~=', '<', '<=', '>', '>=']);

// Tried in order at each position, as filtrex's lexer does; a keyword is a whole word.
const LEXEMES: [TokenKind | 'space', RegExp][] = [
  ['space', /\s+/y],
  ['op', /==|!=|~=|>=|<=|[-+*/^(),<>%?:]/y],
  ['keyword', /not\s+in(?![\w$.])|(?:and|or|not|in|of|if|then|else|mod)(?![\w$.])/y],
  ['number', /[0-9]+(?:\.[0-9]+)?(?![0-9.])/y],
  ['symbol', /[a-zA-Z$_][.a-zA-Z0-9$_]*|'(?:\\.|[^'\\])*'/y],
  ['string', /"(?:\\.|[^"\\])*"/y],
];

/** The expression has more tokens than the caller allows; `column` is where the first token over the limit starts. */
export class TooManyTokens extends Error {
  constructor(readonly column: number) {
    super(`too many tokens from column ${column}`);
  }
}

/** The tokens of `source`, stopping with TooManyTokens as soon as there are more than `maxTokens`. */
function tokenize(source: string, maxTokens: number): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  outer: while (at < source.length) {
    if (tokens.length > maxTokens) throw new TooManyTokens(tokens[maxTokens].at + 1);
    for (const [kind, pattern] of LEXEMES) {
      pattern.lastIndex = at;
      const match = pattern.exec(source);
      if (!match) continue;
      const text = match[0];
      if (kind === 'keyword') tokens.push({ kind, text: text.startsWith('not') && text !== 'not' ? 'not in' : text, at });
      else if (kind === 'string' || (kind === 'symbol' && text.startsWith("'"))) tokens.push({ kind, text, value: unquote(text, at), at });
      else if (kind !== 'space') tokens.push({ kind, text, at });
      at += text.length;
      continue outer;
    }
    throw new ExpressionSyntaxError(`unexpected "${source[at]}"`, at + 1);
  }
  if (tokens.length > maxTokens) throw new TooManyTokens(tokens[maxTokens].at + 1);
  tokens.push({ kind: 'end', text: 'the end', at });
  return tokens;
}

/** A quoted string or symbol's content: only the quote and the backslash may be escaped. */
function unquote(text: string, at: number): string {
  const quote = text[0];
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    if (text[i] === '\\') {
      i++;
      if (text[i] !== quote && text[i] !== '\\') throw new ExpressionSyntaxError(`"\\${text[i]}" is not an escape (only \\${quote} and \\\\ are)`, at + i);
    }
    out += text[i];
  }
  return out;
}

// Binding powers, loosest first, as filtrex's precedence table.
const OR = 1;
const AND = 2;
const IN = 3;
const COMPARE = 4;
const SUM = 5;
const PRODUCT = 6;
const PREFIX = 7;
const POWER = 8;

const INFIX: Record<string, number> = { or: OR, and: AND, in: IN, 'not in': IN, '+': SUM, '-': SUM, '*': PRODUCT, '/': PRODUCT, mod: PRODUCT, '^': POWER };

/** The operators as the reference lists them, loosest binding first (the order of the powers above). */
export const OPERATOR_DOCS: readonly { operators: string[]; summary: string }[] = [
  { operators: ['if … then … else …'], summary: 'the `then` value when the test is true, else the `else` value; the test must be true or false' },
  { operators: ['or'], summary: 'true when either side is; both sides true or false' },
  { operators: ['and'], summary: 'true when both sides are; both sides true or false' },
  { operators: ['in', 'not in'], summary: 'whether the value (or every value of a list) is among the list on the right: `segment in ("a", "b")`' },
  { operators: ['==', '!=', '~=', '<', '<=', '>', '>='], summary: '`==` and `!=` compare exactly (no conversion: `1 == "1"` is false); the orderings take numbers (dates are numbers); `~=` matches text against an RE2 regular expression; chains compare neighbours: `0 <= x < 10`' },
  { operators: ['+', '-'], summary: 'sum and difference; `+` also joins two texts' },
  { operators: ['*', '/', 'mod'], summary: 'product, quotient and modulo (the sign of the divisor: `-1 mod 3` is 2)' },
  { operators: ['- (prefix)', 'not'], summary: 'negation of a number; negation of true or false' },
  { operators: ['^'], summary: 'power, grouping to the right: `2 ^ 3 ^ 2` is 2 ^ 9' },
];

type Chain = Extract<Expr, { kind: 'binary' | 'compare' }>;

/**
 * A construct the parser has opened and waits to complete, kept on a stack of its own:
 * the parser never recurses, so no nesting of the text can overflow the call stack.
 */
type Frame =
  /** An operand and the operators after it that bind tighter than `minPower`; `chain` collects operators of one precedence. */
  | { kind: 'infix'; minPower: number; left?: Expr; chain?: Chain; chainPower?: number }
  | { kind: 'prefix'; op: UnaryOp }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'group'; items: Expr[] }
  | { kind: 'if'; parts: Expr[] };

/** Parses an expression into its tree, or throws ExpressionSyntaxError (TooManyTokens past `maxTokens`). */
export function parseExpression(source: string, maxTokens = Infinity): Expr {
  const tokens = tokenize(source, maxTokens);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const unexpected = (token: Token): ExpressionSyntaxError =>
    new ExpressionSyntaxError(token.kind === 'end' ? 'the expression ends too early' : `unexpected "${token.text}"`, token.at + 1);
  const expect = (text: string) => {
    const token = next();
    if (token.text !== text || token.kind === 'string' || token.kind === 'symbol') throw unexpected(token);
  };
  const isOp = (token: Token, text: string) => (token.kind === 'op' || token.kind === 'keyword') && token.text === text;

  const frames: Frame[] = [];
  const open = (minPower: number) => frames.push({ kind: 'infix', minPower });

  /** Reads up to the next operand that needs nothing more (a value, a name, an empty call), opening a frame for each construct before it. */
  const operand = (): Expr => {
    for (;;) {
      const token = next();
      switch (token.kind) {
        case 'number':
          return { kind: 'literal', value: Number(token.text) };
        case 'string':
          return { kind: 'literal', value: token.value!, at: token.at + 1 };
        case 'symbol': {
          const name = token.value ?? token.text;
          if (isOp(peek(), '(')) {
            next();
            if (isOp(peek(), ')')) {
              next();
              return { kind: 'call', name, args: [] };
            }
            frames.push({ kind: 'call', name, args: [] });
            open(0);
            continue;
          }
          if (isOp(peek(), 'of')) throw new ExpressionSyntaxError('"of" is not part of the language: read a field with a dot (parent.column, context.field)', peek().at + 1);
          if (token.value === undefined && (name === 'true' || name === 'false')) return { kind: 'literal', value: name === 'true' };
          if (token.value === undefined && name === 'null') return { kind: 'literal', value: null };
          return { kind: 'name', name };
        }
        case 'op':
          if (token.text === '-' || token.text === '(') {
            frames.push(token.text === '-' ? { kind: 'prefix', op: '-' } : { kind: 'group', items: [] });
            open(token.text === '-' ? PREFIX : 0);
            continue;
          }
          refuseDeprecated(token);
          throw unexpected(token);
        case 'keyword':
          if (token.text === 'not' || token.text === 'if') {
            frames.push(token.text === 'not' ? { kind: 'prefix', op: 'not' } : { kind: 'if', parts: [] });
            open(token.text === 'not' ? PREFIX : 0);
            continue;
          }
          throw unexpected(token);
        default:
          throw unexpected(token);
      }
    }
  };

  /** The binding power of the operator `token` is, if it is one. */
  const infixPower = (token: Token): number | undefined => {
    if (token.kind !== 'op' && token.kind !== 'keyword') return undefined;
    if (COMPARE_OPS.has(token.text)) return token.kind === 'op' ? COMPARE : undefined;
    refuseDeprecated(token);
    return INFIX[token.text];
  };

  open(0);
  let value = operand();
  // Hands each finished operand to the innermost open frame, which either waits for another operand or completes in turn.
  for (;;) {
    const frame = frames[frames.length - 1];
    switch (frame.kind) {
      case 'infix': {
        if (frame.left === undefined) frame.left = value;
        else frame.chain!.operands.push(value);
        const token = peek();
        const power = infixPower(token);
        if (power !== undefined && power > frame.minPower) {
          next();
          if (frame.chainPower !== power) {
            frame.chain = power === COMPARE ? { kind: 'compare', operands: [frame.left], ops: [] } : { kind: 'binary', operands: [frame.left], ops: [] };
            frame.chainPower = power;
            frame.left = frame.chain;
          }
          // The next operand takes only operators that bind tighter; one of the same precedence extends this chain
          // (`^` too: its chain groups to the right when evaluated, which is what binding it to the right means).
          (frame.chain!.ops as string[]).push(token.text);
          open(power);
          value = operand();
          continue;
        }
        frames.pop();
        value = frame.left;
        break;
      }
      case 'prefix':
        frames.pop();
        if (value.kind === 'unary') value.ops.push(frame.op);
        else value = { kind: 'unary', ops: [frame.op], arg: value };
        continue;
      case 'call':
      case 'group': {
        const list = frame.kind === 'call' ? frame.args : frame.items;
        list.push(value);
        if (isOp(peek(), ',')) {
          next();
          open(0);
          value = operand();
          continue;
        }
        expect(')');
        frames.pop();
        value = frame.kind === 'call' ? { kind: 'call', name: frame.name, args: list } : list.length === 1 ? list[0] : { kind: 'list', items: list };
        continue;
      }
      case 'if':
        frame.parts.push(value);
        if (frame.parts.length < 3) {
          expect(frame.parts.length === 1 ? 'then' : 'else');
          open(0);
          value = operand();
          continue;
        }
        frames.pop();
        value = { kind: 'if', test: frame.parts[0], then: frame.parts[1], else: frame.parts[2] };
        continue;
    }
    if (frames.length === 0) break;
  }
  if (peek().kind !== 'end') throw unexpected(peek());
  return value;
}

/** filtrex's deprecated forms, refused with what to write instead. */
function refuseDeprecated(token: Token): void {
  if (token.kind !== 'op') return;
  if (token.text === '%') throw new ExpressionSyntaxError('"%" is written "mod"', token.at + 1);
  if (token.text === '?' || token.text === ':') throw new ExpressionSyntaxError(`"${token.text}" is not part of the language: write if … then … else …`, token.at + 1);
}

/** A node's operands, in the order they are evaluated. */
export function childrenOf(node: Expr): readonly Expr[] {
  switch (node.kind) {
    case 'call':
      return node.args;
    case 'list':
      return node.items;
    case 'unary':
      return [node.arg];
    case 'binary':
    case 'compare':
      return node.operands;
    case 'if':
      return [node.test, node.then, node.else];
    default:
      return [];
  }
}

/** Every node of the tree, each before its operands: walked with a stack, however deep the tree. */
export function nodesParentsFirst(tree: Expr): Expr[] {
  const nodes: Expr[] = [];
  const stack = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    nodes.push(node);
    for (const child of childrenOf(node)) stack.push(child);
  }
  return nodes;
}

/** How many levels the tree nests: a chain of operators of one precedence is one level, however long. */
export function depthOf(tree: Expr): number {
  const nodes = nodesParentsFirst(tree);
  const depth = new Map<Expr, number>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    let deepest = 0;
    for (const child of childrenOf(nodes[i])) deepest = Math.max(deepest, depth.get(child)!);
    depth.set(nodes[i], deepest + 1);
  }
  return depth.get(tree)!;
}

/** Every name the tree reads and every function it calls. */
export function namesIn(tree: Expr): { names: Set<string>; functions: Set<string> } {
  const names = new Set<string>();
  const functions = new Set<string>();
  for (const node of nodesParentsFirst(tree)) {
    if (node.kind === 'name') names.add(node.name);
    else if (node.kind === 'call') functions.add(node.name);
  }
  return { names, functions };
}
