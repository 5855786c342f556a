import { RowError, type ExpressionConjunct, type RowFn } from '../contract';
import { resolveLimits, type Limits } from '../limits';
import { compileSafeExpression, functionsWithin } from './expression';
import { compileNode } from './expressionCode';
import { namesIn, parseExpression, type Expr } from './expressionSyntax';

/**
 * A condition as the conditions that must all hold: its top-level `and`s split apart, and a
 * chain of comparisons (`a <= b < c`) split into its neighbour pairs, each pair with its two
 * sides compiled on their own. A plugin can then serve some conjuncts from an index (a
 * comparison of a sorted column with the row) and test the rest.
 */
export function compileConjuncts(source: string, read: (path: string) => RowFn, limits: Limits = resolveLimits()): ExpressionConjunct[] {
  // The whole condition first: every check of its size, names and functions, with its errors as the spec's.
  const accessors = new Map<string, RowFn>();
  const readOnce = (path: string): RowFn => {
    if (!accessors.has(path)) accessors.set(path, read(path));
    return accessors.get(path)!;
  };
  compileSafeExpression(source, readOnce, limits);
  const shown = source.length > 80 ? `${source.slice(0, 80)}…` : source;
  const functions = functionsWithin(limits);
  const compile = (tree: Expr): RowFn => {
    const evaluate = compileNode(tree, accessors, functions);
    return (row) => {
      try {
        return evaluate(row);
      } catch (err) {
        throw new RowError(`expression "${shown}": ${(err as Error).message}`);
      }
    };
  };
  const test = (tree: Expr): RowFn<boolean> => {
    const evaluate = compile(tree);
    return (row) => {
      const value = evaluate(row);
      if (typeof value !== 'boolean') throw new RowError(`condition "${shown}" must be true or false, but a part of it is ${JSON.stringify(value) ?? 'null'}`);
      return value;
    };
  };
  const side = (tree: Expr) => ({ value: compile(tree), names: [...namesIn(tree).names], name: tree.kind === 'name' ? tree.name : undefined });
  const conjuncts: ExpressionConjunct[] = [];
  // Walked with a stack, as every tree of the language is: `and` chains may be long.
  const pending: Expr[] = [parseExpression(source, limits.expression_tokens)];
  while (pending.length) {
    const node = pending.pop()!;
    if (node.kind === 'binary' && node.ops.every((op) => op === 'and')) {
      for (let i = node.operands.length - 1; i >= 0; i--) pending.push(node.operands[i]);
    } else if (node.kind === 'compare') {
      node.ops.forEach((op, i) => {
        const pair: Expr = { kind: 'compare', operands: [node.operands[i], node.operands[i + 1]], ops: [op] };
        conjuncts.push({ test: test(pair), comparison: { op, left: side(node.operands[i]), right: side(node.operands[i + 1]) } });
      });
    } else {
      conjuncts.push({ test: test(node) });
    }
  }
  return conjuncts;
}
