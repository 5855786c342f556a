/**
 * The expression language's syntax (filtrex's grammar: the same tokens, precedence and
 * chained comparisons), parsed into a tree the engine compiles to closures. Parsing is
 * our own because filtrex exposes only its finished function, whose per-call machinery
 * (a property callback per name, a dispatcher per function call) cost more than the work.
 */

export type Expr =
  | { kind: 'literal'; value: number | string | boolean }
  | { kind: 'name'; name: string }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'unary'; op: '-' | 'not'; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'compare'; operands: Expr[]; ops: CompareOp[] }
  | { kind: 'if'; test: Expr; then: Expr; else: Expr };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | 'mod' | 'and' | 'or' | 'in' | 'not in';
export type CompareOp = '==' | '!=' | '~=' | '<' | '<=' | '>' | '>=';

/** The text does not parse; `column` is 1-based within the expression. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
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

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  outer: while (at < source.length) {
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

/** Parses an expression into its tree, or throws ExpressionSyntaxError. */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
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

  const parse = (minPower: number): Expr => {
    let left = prefix();
    for (;;) {
      const token = peek();
      if (token.kind !== 'op' && token.kind !== 'keyword') return left;
      if (COMPARE_OPS.has(token.text)) {
        if (COMPARE <= minPower) return left;
        // a < b < c compares each neighbour pair, each operand evaluated once.
        const operands = [left];
        const ops: CompareOp[] = [];
        while (COMPARE_OPS.has(peek().text) && peek().kind === 'op') {
          ops.push(next().text as CompareOp);
          operands.push(parse(COMPARE));
        }
        left = { kind: 'compare', operands, ops };
        continue;
      }
      refuseDeprecated(token);
      const power = INFIX[token.text];
      if (power === undefined || power <= minPower) return left;
      next();
      // ^ groups to the right, every other operator to the left.
      const right = parse(token.text === '^' ? power - 1 : power);
      left = { kind: 'binary', op: token.text as BinaryOp, left, right };
    }
  };

  const prefix = (): Expr => {
    const token = next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: Number(token.text) };
      case 'string':
        return { kind: 'literal', value: token.value! };
      case 'symbol': {
        const name = token.value ?? token.text;
        if (isOp(peek(), '(')) {
          next();
          const args: Expr[] = [];
          if (!isOp(peek(), ')')) {
            args.push(parse(0));
            while (isOp(peek(), ',')) {
              next();
              args.push(parse(0));
            }
          }
          expect(')');
          return { kind: 'call', name, args };
        }
        if (isOp(peek(), 'of')) throw new ExpressionSyntaxError('"of" is not part of the language: read a field with a dot (parent.column, context.field)', peek().at + 1);
        if (token.value === undefined && (name === 'true' || name === 'false')) return { kind: 'literal', value: name === 'true' };
        return { kind: 'name', name };
      }
      case 'op':
        if (token.text === '-') return { kind: 'unary', op: '-', arg: parse(PREFIX) };
        if (token.text === '(') {
          const items = [parse(0)];
          while (isOp(peek(), ',')) {
            next();
            items.push(parse(0));
          }
          expect(')');
          return items.length === 1 ? items[0] : { kind: 'list', items };
        }
        refuseDeprecated(token);
        throw unexpected(token);
      case 'keyword':
        if (token.text === 'not') return { kind: 'unary', op: 'not', arg: parse(PREFIX) };
        if (token.text === 'if') {
          const test = parse(0);
          expect('then');
          const then = parse(0);
          expect('else');
          return { kind: 'if', test, then, else: parse(0) };
        }
        throw unexpected(token);
      default:
        throw unexpected(token);
    }
  };

  const tree = parse(0);
  if (peek().kind !== 'end') throw unexpected(peek());
  return tree;
}

/** filtrex's deprecated forms, refused with what to write instead. */
function refuseDeprecated(token: Token): void {
  if (token.kind !== 'op') return;
  if (token.text === '%') throw new ExpressionSyntaxError('"%" is written "mod"', token.at + 1);
  if (token.text === '?' || token.text === ':') throw new ExpressionSyntaxError(`"${token.text}" is not part of the language: write if … then … else …`, token.at + 1);
}

/** Every name the tree reads and every function it calls. */
export function namesIn(tree: Expr): { names: Set<string>; functions: Set<string> } {
  const names = new Set<string>();
  const functions = new Set<string>();
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case 'name':
        names.add(node.name);
        break;
      case 'call':
        functions.add(node.name);
        node.args.forEach(visit);
        break;
      case 'list':
        node.items.forEach(visit);
        break;
      case 'unary':
        visit(node.arg);
        break;
      case 'binary':
        visit(node.left);
        visit(node.right);
        break;
      case 'compare':
        node.operands.forEach(visit);
        break;
      case 'if':
        visit(node.test);
        visit(node.then);
        visit(node.else);
        break;
    }
  };
  visit(tree);
  return { names, functions };
}
