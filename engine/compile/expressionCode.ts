import type { Row, RowFn } from '../contract';
import type { CompareOp, Expr } from './expressionSyntax';

/**
 * An expression tree as nested closures: each node reads the row through the accessors
 * resolved at compile time, with filtrex's semantics (arithmetic and ordering on numbers
 * only, `+` on numbers or text, `==` strict, `and`/`or`/`if` on true/false only).
 */
export function compileNode(node: Expr, accessors: ReadonlyMap<string, RowFn>, functions: Record<string, (...args: never[]) => unknown>): RowFn {
  const compile = (child: Expr) => compileNode(child, accessors, functions);
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'name':
      return accessors.get(node.name)!;
    case 'list': {
      const items = node.items.map(compile);
      return (row) => items.map((item) => item(row));
    }
    case 'call':
      return compileCall(functions[node.name] as (...args: unknown[]) => unknown, node.args.map(compile));
    case 'unary': {
      const arg = compile(node.arg);
      return node.op === '-' ? (row) => -num(arg(row)) : (row) => !bool(arg(row));
    }
    case 'if': {
      const test = compile(node.test);
      const then = compile(node.then);
      const otherwise = compile(node.else);
      return (row) => (bool(test(row)) ? then(row) : otherwise(row));
    }
    case 'compare':
      return compileComparison(node.operands.map(compile), node.ops);
    case 'binary': {
      const left = compile(node.left);
      const right = compile(node.right);
      // Both operands are evaluated before either is checked, as in filtrex: the same error wins.
      switch (node.op) {
        case '+':
          return (row) => add(left(row), right(row));
        case '-':
          return (row) => subtract(left(row), right(row));
        case '*':
          return (row) => multiply(left(row), right(row));
        case '/':
          return (row) => divide(left(row), right(row));
        case '^':
          return (row) => power(left(row), right(row));
        case 'mod':
          return (row) => modulo(left(row), right(row));
        case 'and':
          return (row) => bool(left(row)) && bool(right(row));
        case 'or':
          return (row) => bool(left(row)) || bool(right(row));
        case 'in':
          return compileMembership(left, node.right, right, false);
        case 'not in':
          return compileMembership(left, node.right, right, true);
      }
    }
  }
}

function compileCall(fn: (...args: unknown[]) => unknown, args: RowFn[]): RowFn {
  const [a, b, c] = args;
  switch (args.length) {
    case 0:
      return () => fn();
    case 1:
      return (row) => fn(a(row));
    case 2:
      return (row) => fn(a(row), b(row));
    case 3:
      return (row) => fn(a(row), b(row), c(row));
    default:
      return (row) => fn(...args.map((arg) => arg(row)));
  }
}

/** `a < b < c`: each neighbour pair compared, each operand evaluated once and only while the chain holds. */
function compileComparison(operands: RowFn[], ops: CompareOp[]): RowFn {
  const tests = ops.map(comparison);
  if (tests.length === 1) {
    const [a, b] = operands;
    const [test] = tests;
    return (row) => test(a(row), b(row));
  }
  return (row) => {
    let previous = operands[0](row);
    for (let i = 0; i < tests.length; i++) {
      const current = operands[i + 1](row);
      if (!tests[i](previous, current)) return false;
      previous = current;
    }
    return true;
  };
}

function comparison(op: CompareOp): (a: unknown, b: unknown) => boolean {
  switch (op) {
    case '==':
      return (a, b) => a === b;
    case '!=':
      return (a, b) => a !== b;
    case '<':
      return (a, b) => num(a) < num(b);
    case '<=':
      return (a, b) => num(a) <= num(b);
    case '>':
      return (a, b) => num(a) > num(b);
    case '>=':
      return (a, b) => num(a) >= num(b);
    case '~=':
      return (a, b) => new RegExp(text(b)).test(text(a));
  }
}

/** `a in b`: every value of a (a list or one value) is among b's; a list of constants becomes a set. */
function compileMembership(left: RowFn, rightNode: Expr, right: RowFn, negate: boolean): RowFn {
  const constants = rightNode.kind === 'list' && rightNode.items.every((item) => item.kind === 'literal') ? new Set<unknown>(rightNode.items.map((item) => (item.kind === 'literal' ? item.value : null))) : undefined;
  const contains: (row: Row) => boolean = constants
    ? (row) => {
        const a = left(row);
        if (Array.isArray(a)) return a.every((v) => constants.has(v));
        if (a === undefined || a === null) throw new ExpressionTypeError('list', a);
        return constants.has(a);
      }
    : (row) => {
        const a = left(row);
        const values = list(right(row));
        return list(a).every((v) => values.includes(v));
      };
  return negate ? (row) => !contains(row) : contains;
}

const add = (a: unknown, b: unknown) => (numOrText(a) as number) + (numOrText(b) as number);
const subtract = (a: unknown, b: unknown) => num(a) - num(b);
const multiply = (a: unknown, b: unknown) => num(a) * num(b);
const divide = (a: unknown, b: unknown) => num(a) / num(b);
const power = (a: unknown, b: unknown) => num(a) ** num(b);
/** The mathematical modulo: the result has the sign of the divisor. */
const modulo = (a: unknown, b: unknown) => ((num(a) % num(b)) + num(b)) % num(b);

class ExpressionTypeError extends TypeError {
  constructor(expected: string, value: unknown) {
    super(`Expected a ${expected}, but got a ${typeName(value)} instead.`);
  }
}

/** A one-value list stands for its value, as in filtrex. */
const single = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  const value = single(v);
  if (typeof value === 'number') return value;
  throw new ExpressionTypeError('number', value);
}

function numOrText(v: unknown): number | string {
  if (typeof v === 'number' || typeof v === 'string') return v;
  const value = single(v);
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new ExpressionTypeError('text or number', value);
}

function text(v: unknown): string {
  const value = single(v);
  if (typeof value === 'string') return value;
  throw new ExpressionTypeError('text', value);
}

function bool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const value = single(v);
  if (typeof value === 'boolean') return value;
  throw new ExpressionTypeError('logical value (“true” or “false”)', value);
}

function list(v: unknown): unknown[] {
  if (v === undefined || v === null) throw new ExpressionTypeError('list', v);
  return Array.isArray(v) ? v : [v];
}

function typeName(value: unknown): string {
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'text';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'object' : 'unknown type';
}
