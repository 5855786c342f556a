import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from '../helpers/cli';

const SHOP = 'specs/examples/shop.yaml';
const TABLES = ['customers', 'products', 'orders', 'order_items'];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hopify-progress-'));
}

/** Runs `run` under a pseudo-terminal `cols` wide (util-linux `script`); returns the terminal's lines without cursor controls, and stdout (sent to a file). */
function runOnTerminal(cols: number): { lines: string[]; stdout: string } {
  const dir = tempDir();
  const stdout = join(dir, 'stdout.txt');
  const command = `stty cols ${cols}; COLUMNS=${cols} NO_COLOR=1 '${process.execPath}' bin/hopify-engine.js run ${SHOP} --scale 5 --out '${join(dir, 'shop.db')}' > '${stdout}'`;
  const terminal = execFileSync('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8' });
  const lines = terminal.replace(/\u001b\[\d*[AJ]/g, '\n').split(/\r?\n/).filter((line) => line.trim() !== '');
  return { lines, stdout: readFileSync(stdout, 'utf8') };
}

const count = (text: string, word: string) => text.split(new RegExp(`^\\s*${word}\\b`, 'm')).length - 1;

describe('run progress', () => {
  it('on a terminal shows rows with separators, rows/s, ETA and tables done, and prints the summary once to stdout', () => {
    const { lines, stdout } = runOnTerminal(80);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    const overall = lines.filter((line) => /rows\/s · ETA \S+/.test(line));
    expect(overall.length).toBeGreaterThan(0);
    expect(overall.at(-1)).toMatch(/^\d{1,3}(,\d{3})+ rows · [\d,]+ rows\/s · ETA [≥ ]*\d+:\d\d · tables 4\/4$/);
    for (const table of TABLES) expect(count(stdout, table)).toBe(1);
    expect(stdout).toMatch(/^\s*total\s/m);
  });

  it('cuts lines to a narrow terminal with an ellipsis instead of wrapping', () => {
    const { lines } = runOnTerminal(40);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
    expect(lines.some((line) => line.endsWith('…'))).toBe(true);
  });

  it('without a terminal prints no progress, and the summary once to stdout', () => {
    const result = cli(['run', SHOP, '--out', join(tempDir(), 'shop.db')]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    for (const table of TABLES) expect(count(result.stdout, table)).toBe(1);
  });

  it('with --progress prints one plain line per finished table for logs', () => {
    const result = cli(['run', SHOP, '--out', join(tempDir(), 'shop.db'), '--progress']);
    expect(result.status).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(TABLES);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^\\w+: [\\d,]+ rows \\| [\\d,]+ rows · [\\d,]+ rows/s · ETA \\S.* · tables ${i + 1}/4$`)));
    expect(result.stderr).not.toMatch(/\u001b/);
  });
});
