import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec, run } from '../../engine/index';
import { cli, ROOT } from '../helpers/cli';

/**
 * docs/guide.md shows each step's spec between markers: `<!-- file: path -->` before the whole
 * file, `<!-- excerpt: path -->` before consecutive lines of it. Both must match the files,
 * every step must run and pass `check`, and the outputs shown must be what the CLI prints.
 */
const GUIDE = readFileSync(join(ROOT, 'docs', 'guide.md'), 'utf8');
const STEPS_DIR = 'specs/examples/guide';
const steps = readdirSync(join(ROOT, STEPS_DIR))
  .filter((f) => /^step-\d+\.yaml$/.test(f))
  .sort((a, b) => parseInt(a.slice(5), 10) - parseInt(b.slice(5), 10))
  .map((f) => `${STEPS_DIR}/${f}`);
const embeds = [...GUIDE.matchAll(/<!-- (file|excerpt): (\S+) -->\n```yaml\n([\s\S]*?)```\n/g)].map(([, kind, path, text]) => ({ kind, path, text }));
const source = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Runs a step into a temp SQLite file; resolves to its path and rows per table. */
async function runStep(step: string): Promise<{ target: string; rowsByTable: Map<string, number> }> {
  const target = join(mkdtempSync(join(tmpdir(), 'hopify-guide-')), 'library.db');
  const result = await run(join(ROOT, step), { target });
  return { target, rowsByTable: new Map(result.tables.map((t) => [t.name, t.rows])) };
}

/** The output the guide shows under `$ npx hopify-engine <command>`, line by line. */
function shownOutput(command: string): string[] {
  const block = new RegExp(`\\$ npx hopify-engine ${command.replace(/[.]/g, '\\.')}\n([\\s\\S]*?)\`\`\``).exec(GUIDE);
  expect([command, block !== null]).toEqual([command, true]);
  return block![1].trimEnd().split('\n');
}

describe('the guide (docs/guide.md)', () => {
  test('has seven steps, one file each', () => {
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `${STEPS_DIR}/step-${n}.yaml`));
  });

  test('shows every step file whole, exactly once and exactly as it is', () => {
    const whole = embeds.filter((e) => e.kind === 'file');
    expect(whole.map((e) => e.path)).toEqual(steps);
    for (const { path, text } of whole) expect([path, text]).toEqual([path, source(path)]);
  });

  test('shows excerpts that are lines of the step files, as they are', () => {
    const excerpts = embeds.filter((e) => e.kind === 'excerpt');
    expect(excerpts.length).toBeGreaterThanOrEqual(steps.length - 1);
    for (const { path, text } of excerpts) expect([path, `\n${source(path)}`.includes(`\n${text}`)]).toEqual([path, true]);
  });

  test('every step file starts with the editor schema line', () => {
    for (const step of steps) expect(source(step).split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schema/spec.schema.json');
  });

  test.each(steps)('%s runs, passes its checks and measures its KPIs as shown', async (step) => {
    const { spec } = loadSpec(join(ROOT, step));
    const { target, rowsByTable } = await runStep(step);
    for (const table of Object.keys(spec.tables)) expect([table, rowsByTable.get(table)! > 0]).toEqual([table, true]);
    for (const [verb, section] of [['check', spec.checks], ['report', spec.kpis]] as const) {
      if (!section) continue;
      const result = cli([verb, join(ROOT, step), '--db', target]);
      expect([verb, result.status, result.stderr]).toEqual([verb, 0, '']);
      if (GUIDE.includes(`$ npx hopify-engine ${verb} ${step}\n`)) for (const line of shownOutput(`${verb} ${step}`)) expect(result.stdout).toContain(line);
    }
  });

  test('the validate output it shows is what validate prints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hopify-guide-'));
    writeFileSync(join(dir, 'library.yaml'), source(steps[0]).replace('choice: { adult', 'choise: { adult'));
    const result = cli(['validate', 'library.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    for (const line of shownOutput('validate library.yaml')) expect(result.stderr).toContain(line);
  });
});
