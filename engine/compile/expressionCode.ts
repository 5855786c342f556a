import type { Row, RowFn } from '../contract';
import type { RE2JS } from 're2js';
import { compileRegex, REGEX_HINT, RegexSyntaxError, rowPatterns } from './expressionRegex';
import { childrenOf, ExpressionSyntaxError, nodesParentsFirst, type BinaryOp, type CompareOp, type Expr } from './expressionSyntax';

/** Operators of one precedence in a row compile to nested closures up to this many; a longer chain runs as a loop, so evaluating it never goes deeper on the stack. */
const NESTED_CHAIN = 8;

/**
 * An expression tree as nested closures: each node reads the row through the accessors
 * resolved at compile time, with filtrex's semantics (arithmetic and ordering on numbers
 * only, `+` on numbers or text, `==` strict, `and`/`or`/`if` on true/false only).
 * Compiled from the leaves up with a list, not by recursion: any depth the limits allow compiles.
 */
export function compileNode(tree: Expr, accessors: ReadonlyMap<string, RowFn>, functions: Record<string, (...args: never[]) => unknown>): RowFn {
  const nodes = nodesParentsFirst(tree);
  const compiled = new Map<Expr, RowFn>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    compiled.set(node, compileOne(node, childrenOf(node).map((child) => compiled.get(child)!), accessors, functions));
  }
  return compiled.get(tree)!;
}

/** One node, its operands already compiled (in the order of childrenOf). */
function compileOne(node: Expr, operands: RowFn[], accessors: ReadonlyMap<string, RowFn>, functions: Record<string, (...args: never[]) => unknown>): RowFn {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'name':
      return accessors.get(node.name)!;
    case 'list':
      return (row) => operands.map((item) => item(row));
    case 'call':
      return compileCall(functions[node.name] as (...args: unknown[]) => unknown, operands);
    case 'unary': {
      const [arg] = operands;
      if (node.ops.length === 1) return node.ops[0] === '-' ? (row) => -num(arg(row)) : (row) => !bool(arg(row));
      const ops = node.ops;
      return (row) => {
        let value = arg(row);
        for (const op of ops) value = op === '-' ? -num(value) : !bool(value);
        return value;
      };
    }
    case 'if': {
      const [test, then, otherwise] = operands;
      return (row) => (bool(test(row)) ? then(row) : otherwise(row));
    }
    case 'compare':
      return compileComparison(operands, node.ops, node.operands);
    case 'binary':
      return node.ops[0] === '^' ? compilePowers(operands) : compileChain(node.ops, node.operands, operands);
  }
}

/** `a - b + c`, `a and b and c`: each operator applied to the result so far and the next operand, left to right. */
function compileChain(ops: BinaryOp[], nodes: Expr[], operands: RowFn[]): RowFn {
  if (operands.length <= NESTED_CHAIN) return ops.reduce((left, op, i) => compileBinary(op, left, nodes[i + 1], operands[i + 1]), operands[0]);
  // Each step reads the result so far from `sum`: a chain cannot be on the stack twice, so one variable serves.
  let sum: unknown;
  const soFar = () => sum;
  const steps = ops.map((op, i) => compileBinary(op, soFar, nodes[i + 1], operands[i + 1]));
  const first = operands[0];
  return (row) => {
    sum = first(row);
    for (const step of steps) sum = step(row);
    return sum;
  };
}

/** `a ^ b ^ c` is `a ^ (b ^ c)`: every operand evaluated left to right, then raised from the right. */
function compilePowers(operands: RowFn[]): RowFn {
  if (operands.length <= NESTED_CHAIN) return operands.reduceRight((right, base) => (row) => power(base(row), right(row)));
  return (row) => {
    const values = operands.map((operand) => operand(row));
    let result = values[values.length - 1];
    for (let i = values.length - 2; i >= 0; i--) result = power(values[i], result);
    return result;
  };
}

function compileBinary(op: BinaryOp, left: RowFn, rightNode: Expr, right: RowFn): RowFn {
  // Both operands are evaluated before either is checked, as in filtrex: the same error wins.
  switch (op) {
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
      return compileMembership(left, rightNode, right, false);
    case 'not in':
      return compileMembership(left, rightNode, right, true);
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
function compileComparison(operands: RowFn[], ops: CompareOp[], nodes: Expr[]): RowFn {
  const tests = ops.map((op, i) => (isNull(nodes[i]) || isNull(nodes[i + 1]) ? nullComparison(op) : comparison(op, nodes[i + 1])));
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

const isNull = (node: Expr) => node.kind === 'literal' && node.value === null;

/** A comparison with the `null` literal: `==` and `!=` ask whether the other side is null (a value no row has yet is null too); ordering null is the type error it always was. */
function nullComparison(op: CompareOp): (a: unknown, b: unknown) => boolean {
  const missing = (v: unknown) => v === null || v === undefined;
  if (op === '==') return (a, b) => missing(a) && missing(b);
  if (op === '!=') return (a, b) => !(missing(a) && missing(b));
  return comparison(op, { kind: 'literal', value: null });
}

/** The test of one comparison; `right` is its right operand's node (a `~=` pattern written in the expression compiles once, here). */
function comparison(op: CompareOp, right: Expr): (a: unknown, b: unknown) => boolean {
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
    case '~=': {
      if (right.kind === 'literal' && typeof right.value === 'string') {
        const pattern = literalPattern(right.value, right.at!);
        return (a) => pattern.test(text(a));
      }
      const patternOf = rowPatterns();
      // The pattern before the text, as filtrex: the same error wins.
      return (a, b) => {
        const pattern = patternOf(text(b));
        return pattern.test(text(a));
      };
    }
  }
}

/** A pattern written in the expression, refused at its column if RE2 does not accept it. */
function literalPattern(pattern: string, column: number): RE2JS {
  try {
    return compileRegex(pattern);
  } catch (err) {
    if (err instanceof RegexSyntaxError) throw new ExpressionSyntaxError(err.message, column, REGEX_HINT);
    throw err;
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
