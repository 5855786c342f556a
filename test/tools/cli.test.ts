import { Writable } from 'node:stream';
import { buildProgram } from '../../engine/cli/main';
import { createProgress } from '../../engine/cli/progress';
import { styleFor } from '../../engine/cli/style';
import { cli } from '../helpers/cli';

const verbs = buildProgram().commands.map((command) => command.name());

/** A stream that records what is written, posing as a terminal or not. */
function recorder(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY, columns: 80, text: () => chunks.join('') });
  return stream;
}

describe('CLI help', () => {
  test('lists every verb', () => {
    expect(verbs).toEqual(expect.arrayContaining(['run', 'validate', 'graph', 'schema', 'docs']));
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const verb of verbs) expect(help.stdout).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
  });

  test.each(verbs)('%s --help exits 0 and shows examples of it', (verb) => {
    const help = cli([verb, '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/\nExamples:\n/);
    expect(help.stdout).toContain(`$ hopify-engine ${verb}`);
  });
});

describe('CLI output', () => {
  const noColor = process.env.NO_COLOR;
  afterEach(() => {
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
  });

  test('colours only a terminal, and never with NO_COLOR set', () => {
    delete process.env.NO_COLOR;
    expect(styleFor(recorder(true)).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(styleFor(recorder(false)).red('x')).toBe('x');
    process.env.NO_COLOR = '';
    expect(styleFor(recorder(true)).red('x')).toBe('x');
  });

  test('prints no progress off a terminal unless forced; forced, one plain line per finished table', () => {
    const plan = [{ name: 'orders', rows: 15_000 }];
    expect(createProgress(recorder(false), plan)).toBeUndefined();
    const log = recorder(false);
    const progress = createProgress(log, plan, true)!;
    progress.update({ table: 'orders', rows: 10_000, chunk: 1, chunks: 2, done: false });
    progress.update({ table: 'orders', rows: 15_000, chunk: 2, chunks: 2, done: true });
    progress.stop();
    expect(log.text()).toMatch(/^orders: 15,000 rows \| 15,000 rows · [\d,]+ rows\/s · ETA 0:00 · tables 1\/1\n$/);
  });
});
