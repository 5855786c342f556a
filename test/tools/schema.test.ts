import Ajv from 'ajv';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { renderEditorSchema } from '../../engine/docs/editorSchema';
import { staleness } from '../../engine/docs/generatedFile';
import { loadPlugins } from '../../engine/plugins/registry';
import { cli, ROOT } from '../helpers/cli';

const SCHEMA_FILE = join(ROOT, 'schema', 'spec.schema.json');
const text = renderEditorSchema(loadPlugins());
const schema = JSON.parse(text);
const editor = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** What an editor reports for a YAML text: the schema errors, as `path: message`. */
/** As an editor reads a spec: yaml-language-server resolves YAML merge keys (`<<`) before it validates. */
function editorErrors(yamlText: string): string[] {
  return editor(parse(yamlText, { merge: true })) ? [] : (editor.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}

/** Every YAML spec under specs/. */
function specFiles(dir = join(ROOT, 'specs')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return specFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

describe('editor schema (schema/spec.schema.json)', () => {
  test('the committed file is a fresh composition of the plugins', () => {
    expect(staleness({ path: relative(process.cwd(), SCHEMA_FILE), text, command: 'hopify-engine schema' })).toBeUndefined();
  });

  test('carries the plugins’ descriptions, defaults, examples and enums', () => {
    const generators = schema.definitions.generator.properties;
    const drivers = schema.definitions.table.properties.rows.properties;
    expect(generators.ref.anyOf[1].properties.to.description).toBe('The referenced key as table.column.');
    expect(generators.ref.anyOf[1].properties.to.anyOf[0].examples).toEqual(['customers.customer_id']);
    expect(generators.sequence.properties.start.anyOf[0].default).toBe(1);
    expect(drivers.time_series.properties.period.anyOf[0].enum).toEqual(['day', 'week', 'month', 'quarter']);
    expect(Object.keys(generators)).toEqual(expect.arrayContaining([...loadPlugins().generators.keys(), 'by', 'cases']));
    expect(Object.keys(drivers)).toEqual([...loadPlugins().drivers.keys()]);
  });

  test('accepts a ${param} wherever a value goes, and flags what validate would', () => {
    const spec = (rows: string, extra = '') => `name: t\nparams: { n: 10, weights: [1, 2] }\ntables:\n  t:\n    rows: ${rows}\n    columns:\n      id: { type: integer, sequence: {} }\n      c: { type: integer, choice: { values: [1, 2], weights: "\${weights}" }${extra} }\n`;
    expect(editorErrors(spec('{ count: "${n}" }'))).toEqual([]);
    expect(editorErrors(spec('{ count: { rows: "${n}", scaled: false } }'))).toEqual([]);
    expect(editorErrors(spec('{ count: ten }'))).not.toEqual([]);
    expect(editorErrors(spec('{ count: 10 }', ', uniqe: true'))).toContain('/tables/t/columns/c: must NOT have additional properties');
    expect(editorErrors('name: t\n')).toContain("/: must have required property 'tables'");
  });

  test('lets a scenario that extends a base leave out what the base gives', () => {
    expect(editorErrors('extends: ../v15.yaml\nparams: { customers: 10 }\n')).toEqual([]);
    const override = (column: string) => `extends: base.yaml\ntables:\n  t:\n    columns:\n      ${column}\n`;
    expect(editorErrors(override('c: { choice: { weights: [1, 2] } }'))).toEqual([]);
    expect(editorErrors(override('c: { choise: { weights: [1, 2] } }'))).toContain('/tables/t/columns/c: must NOT have additional properties');
  });

  test('every spec under specs/ names it on its first line and is clean in an editor', () => {
    for (const file of specFiles()) {
      const source = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      expect([where, source.split('\n')[0]]).toEqual([where, `# yaml-language-server: $schema=${relative(dirname(file), SCHEMA_FILE)}`]);
      expect([where, editorErrors(source)]).toEqual([where, []]);
    }
  });
});

describe('hopify-engine schema', () => {
  test('writes the schema, prints it with --out -, and --check tells whether a file is up to date', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hopify-schema-')), 'spec.schema.json');
    const written = cli(['schema', '--out', out]);
    expect(written.status).toBe(0);
    expect(written.stdout).toBe(`wrote ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(text);
    expect(cli(['schema', '--out', '-']).stdout).toBe(text);
    expect(cli(['schema', '--out', out, '--check']).status).toBe(0);
    writeFileSync(out, '{}\n');
    const stale = cli(['schema', '--out', out, '--check']);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toBe(`${out} is out of date: run \`npx hopify-engine schema --out ${out}\`\n`);
  });
});
