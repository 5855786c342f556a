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
  const blocks = problems.map((p) => {
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
