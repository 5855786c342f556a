import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Problem } from '../errors/problem';
import type { Style } from './style';

/** Every problem with its place, the fault, a hint and the numbered lines around it. */
export function formatProblems(problems: Problem[], style: Style): string {
  // Each file read once, however many problems it has.
  const sources = new Map<string, string[] | undefined>();
  const linesOf = (file: string) => {
    if (!sources.has(file)) sources.set(file, existsSync(file) ? readFileSync(file, 'utf8').split('\n') : undefined);
    return sources.get(file);
  };
  const blocks = inSourceOrder(problems).map((p) => {
    const where = p.file ? `${relative(process.cwd(), p.file) || p.file}${p.line ? `:${p.line}:${p.col ?? 1}` : ''}` : '';
    const lines = [`${style.red('error')} ${style.bold(p.code)}${where ? `  ${where}` : ''}`, `  ${p.path ? `${p.path}: ` : ''}${p.message}`];
    if (p.hint) lines.push(`  ${style.cyan('hint:')} ${p.hint}`);
    const source = p.file && p.line ? linesOf(p.file) : undefined;
    if (source) lines.push(...codeFrame(source, p.line!, p.col ?? 1));
    return lines.join('\n');
  });
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `${blocks.join('\n\n')}\n\n${count} found.`;
}

/**
 * Problems in the order of their files and lines, as the spec reads: validation finds them
 * phase by phase (schema, then compile). Problems without a place keep their order, last.
 */
function inSourceOrder(problems: Problem[]): Problem[] {
  const files = [...new Set(problems.flatMap((p) => (p.file ? [p.file] : [])))];
  const rank = (p: Problem): [number, number, number] => (p.file ? [files.indexOf(p.file), p.line ?? 0, p.col ?? 0] : [Infinity, 0, 0]);
  return problems
    .map((p) => ({ p, r: rank(p) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2])
    .map(({ p }) => p);
}

function codeFrame(source: string[], line: number, col: number): string[] {
  const first = Math.max(1, line - 2);
  const last = Math.min(source.length, line + 1);
  const width = String(last).length;
  const frame: string[] = [];
  for (let n = first; n <= last; n++) {
    frame.push(`  ${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${source[n - 1]}`);
    if (n === line) frame.push(`    ${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}^`);
  }
  return frame;
}
