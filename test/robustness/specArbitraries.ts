import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { loadPlugins } from '../../engine/plugins/registry';
import { composeSpecSchema } from '../../engine/spec/schema';

type Schema = Record<string, any>;
type Json = unknown;

// ---------------------------------------------------------------------------------------------
// (a) Mutations of real specs: structural (on the parsed YAML) and textual (on the bytes).
// ---------------------------------------------------------------------------------------------

/** Values that are wrong in most places of a spec, and a few that are hostile anywhere. */
const WRONG_VALUES: Json[] = [
  null, 0, -1, 1.5, 1e12, 2 ** 53, '', 'x', '${nope}', '${customers}', true, [], {}, [1, 2], { a: 1 },
  'constructor', 'toString', 'as_of', '-3 years', '2024-02-30', 'customers.customer_id', 'parent.segment',
  'parent.nope', 'x * * 2', 'process.exit(1)', 'constructor.constructor("return process")()', '../../../../etc/passwd',
  '/etc/passwd', 'DROP TABLE customers', "ATTACH DATABASE 'x.db' AS x", '{nope}', 'person.nope', '%', 'a'.repeat(300),
];

type Path = (string | number)[];

const DELETE = Symbol('delete');

function pathsOf(value: Json, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out);
  return out;
}

function stringsOf(value: Json): string[] {
  return pathsOf(value).flatMap((path) => {
    const last = path[path.length - 1];
    const node = getAt(value, path);
    return [...(typeof node === 'string' ? [node] : []), ...(typeof last === 'string' ? [last] : [])];
  });
}

function getAt(root: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)?.[key], root);
}

function setAt(root: Json, path: Path, value: Json | typeof DELETE): Json {
  if (path.length === 0) return value === DELETE ? {} : value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1];
  if (value === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Record<string, Json>)[key as string];
  } else {
    (parent as Record<string | number, Json>)[key] = value;
  }
  return copy;
}

function renameAt(root: Json, path: Path, name: string): Json {
  const parent = getAt(root, path.slice(0, -1));
  if (path.length === 0 || Array.isArray(parent) || parent === null || typeof parent !== 'object') return root;
  const copy = structuredClone(root);
  const target = getAt(copy, path.slice(0, -1)) as Record<string, Json>;
  const entries = Object.entries(target).map(([key, value]) => [key === path[path.length - 1] ? name : key, value]);
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, Object.fromEntries(entries));
  return copy;
}

/** One structural mutation of a parsed spec, as YAML text. */
function structuralMutation(spec: Json): fc.Arbitrary<string> {
  const paths = pathsOf(spec);
  const names = [...new Set(['x', ...stringsOf(spec)])];
  const path = fc.constantFrom(...paths);
  const mutated = fc.oneof(
    path.map((p) => setAt(spec, p, DELETE)),
    fc.tuple(path, fc.constantFrom(...WRONG_VALUES)).map(([p, v]) => setAt(spec, p, v)),
    fc.tuple(path, fc.constantFrom(...names)).map(([p, v]) => setAt(spec, p, v)),
    fc.tuple(path, fc.constantFrom(...names)).map(([p, name]) => renameAt(spec, p, name)),
    fc.tuple(path, fc.string({ maxLength: 6 })).map(([p, name]) => renameAt(spec, p, name)),
    fc.tuple(path, path).map(([from, to]) => setAt(spec, to, structuredClone(getAt(spec, from)))),
  );
  return mutated.map((value) => stringify(value));
}

/** One textual mutation: truncation, random bytes, lines deleted, doubled, swapped or re-indented. */
function textualMutation(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  const at = fc.nat({ max: text.length });
  const line = fc.nat({ max: lines.length - 1 });
  const bytes = fc.uint8Array({ minLength: 1, maxLength: 12 }).map((b) => Buffer.from(b).toString('latin1'));
  const withLines = (edit: (copy: string[]) => void) => {
    const copy = [...lines];
    edit(copy);
    return copy.join('\n');
  };
  return fc.oneof(
    at.map((n) => text.slice(0, n)),
    fc.tuple(at, bytes).map(([n, b]) => text.slice(0, n) + b + text.slice(n)),
    fc.tuple(at, fc.nat({ max: 40 })).map(([n, k]) => text.slice(0, n) + text.slice(n + k)),
    line.map((i) => withLines((copy) => copy.splice(i, 1))),
    line.map((i) => withLines((copy) => copy.splice(i, 0, copy[i]))),
    fc.tuple(line, line).map(([i, j]) => withLines((copy) => ([copy[i], copy[j]] = [copy[j], copy[i]]))),
    fc.tuple(line, fc.integer({ min: -4, max: 4 })).map(([i, d]) => withLines((copy) => (copy[i] = d > 0 ? ' '.repeat(d) + copy[i] : copy[i].slice(-d)))),
  );
}

/** A mutated copy of one of `texts`: one to three structural or textual mutations. */
export function mutatedSpec(texts: string[]): fc.Arbitrary<string> {
  const once = (text: string): fc.Arbitrary<string> => {
    let parsed: Json;
    try {
      parsed = parse(text);
    } catch {
      return textualMutation(text);
    }
    return fc.oneof({ weight: 3, arbitrary: structuralMutation(parsed) }, { weight: 2, arbitrary: textualMutation(text) });
  };
  // The first mutation's arbitrary per example, built once: parsing and listing the paths of a
  // 30 kB spec per case was most of the cost of drawing one. The draws are the same.
  const first = new Map(texts.map((text) => [text, once(text)]));
  return fc
    .constantFrom(...texts)
    .chain((text) => fc.integer({ min: 1, max: 3 }).chain((n) => Array.from({ length: n - 1 }).reduce<fc.Arbitrary<string>>((arb) => arb.chain(once), first.get(text)!)));
}

// ---------------------------------------------------------------------------------------------
// (b) Well-formed specs from the composed JSON Schema: tables, drivers and generators are
//     drawn from the registry, their options from each plugin's own options schema.
// ---------------------------------------------------------------------------------------------

const TABLES = ['a', 'b', 'c'];
const COLUMNS = ['id', 'x', 'seg', 'day', 'n'];
const COLUMN_TYPES = ['integer', 'real', 'text', 'boolean', 'date', 'datetime'];
const DATA_ROWS = [
  { k: 1, seg: 'a', day: '2024-01-01', w: 2 },
  { k: 2, seg: 'b', day: '2024-06-30', w: 0 },
  { k: 3, seg: 'a', day: 'soon', w: 1 },
];

/** Kinds of strings in a spec, told apart by what a plugin's schema gives as examples. */
type StringKind = 'date' | 'sql' | 'template' | 'expression' | 'path' | 'name' | 'table' | 'data' | 'other';

/** Option names whose strings name a table or a data set, whatever the plugin. */
const KEY_KINDS: Record<string, StringKind> = { parent: 'table', table: 'table', plan: 'table', tables: 'table', data: 'data' };

function kindOf(example: string): StringKind {
  if (/^\d{4}-\d{2}|^as_of|^[+-]\s*\d+\s*[a-z]/.test(example)) return 'date';
  if (/^\s*select\b/i.test(example)) return 'sql';
  if (example.includes('{')) return 'template';
  if (/[\s*+/()<>=]/.test(example)) return 'expression';
  if (/^\w+\.\w+$/.test(example)) return 'path';
  if (/^\w+$/.test(example)) return 'name';
  return 'other';
}

/** Strings of each kind that mean something in a spec with these tables (and a few that do not). */
function stringPools(tables: Record<string, string[]>): Record<StringKind, string[]> {
  const names = Object.keys(tables);
  const columns = [...new Set(Object.values(tables).flat())];
  const first = columns[0];
  return {
    date: ['2024-01-01', '2025-06-30 12:00', 'as_of', '-2 years', '-3 months', 'as_of - 30 days', '+7 days', '2024-02-30', 'soon'],
    sql: ['SELECT k AS id, w AS n FROM a', `SELECT ${first} AS k, count(*) AS n FROM ${names[0]} GROUP BY ${first}`, 'DELETE FROM a'],
    template: [`{${first}}-{${columns[columns.length - 1]}}`, '{parent.seg}', 'INV-{{x}}', '{nope}', '{'],
    expression: [`${first} + 1`, `${first} * 2 + params.n`, `if ${first} == "a" then 1 else 2`, `round(${first})`, `add_days(${first}, 3)`, `${first} / 0`, `coalesce(${first}, 0)`, 'x * * 2'],
    path: [
      ...names.flatMap((t) => tables[t].map((c) => `${t}.${c}`)),
      ...columns.flatMap((c) => [`parent.${c}`, `${first}.${c}`]),
      'params.n', 'context.n', 'period.start', 'record.k', 'child.number', 'lifecycle.start', 'unit.date', 'person.fullName', 'number.int', 'nope.id',
    ],
    name: [...names, ...columns, 'ds', 'k', 'w', 'seg', 'day', 'a', 'b', '1', 'days', 'months', 'nope'],
    table: [...names, ...names, 'nope'],
    data: ['ds', 'ds', 'nope'],
    other: ['###-???', '${n}', '', 'x'],
  };
}

/** Arbitrary JSON that ignores the schema, for the occasional off-schema value. */
const anyJson: fc.Arbitrary<Json> = fc.oneof(fc.constantFrom(...WRONG_VALUES), fc.jsonValue({ maxDepth: 2 }));

function examplesOf(schema: Schema, type: string): Json[] {
  return ((schema.examples as Json[] | undefined) ?? []).filter((e) => typeof e === type || (type === 'integer' && Number.isInteger(e)));
}

function numberArb(schema: Schema, integer: boolean): fc.Arbitrary<Json> {
  const min = (schema.minimum as number | undefined) ?? (schema.exclusiveMinimum as number | undefined) ?? -5;
  const max = Math.min((schema.maximum as number | undefined) ?? min + 40, min + 40);
  const inRange = integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const examples = examplesOf(schema, integer ? 'integer' : 'number');
  return fc.oneof(
    { weight: 10, arbitrary: inRange },
    { weight: examples.length ? 4 : 0, arbitrary: fc.constantFrom(...(examples.length ? examples : [0])) },
    { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1e9, 2 ** 31, 0.5) },
  );
}

const PLUGINS = loadPlugins();
const SCHEMA = composeSpecSchema(PLUGINS) as Schema;
const GENERATOR_SCHEMAS = SCHEMA.definitions.generator.properties as Record<string, Schema>;
const DRIVER_SCHEMAS = SCHEMA.definitions.table.properties.rows.properties as Record<string, Schema>;

/** Values for the options of one spec, whose strings are drawn from `pools` (built on that spec's names). */
class OptionValues {
  constructor(private readonly pools: Record<StringKind, string[]>) {}

  /** A value for `schema`, rarely off it (a spec holds ~100 values: one wrong value makes it invalid); `depth` bounds nested generators. */
  value(schema: Schema, depth: number, key?: string): fc.Arbitrary<Json> {
    return fc.oneof({ weight: 300, arbitrary: this.withinSchema(schema, depth, key) }, { weight: 1, arbitrary: anyJson });
  }

  /** A generator spec: one generator with options from its schema, sometimes with by:/cases:. */
  generator(depth: number): fc.Arbitrary<Json> {
    const names = depth > 2 ? ['constant', 'integer', 'sequence'] : [...PLUGINS.generators.keys()];
    const single = fc.constantFrom(...names).chain((name) => this.value(GENERATOR_SCHEMAS[name], depth).map((options) => ({ [name]: options })));
    if (depth > 2) return single;
    const withCases = fc
      .tuple(fc.constantFrom(...this.pools.name, ...this.pools.path), fc.dictionary(fc.constantFrom('a', 'b', '1'), single, { maxKeys: 2 }), fc.option(single))
      .map(([by, cases, fallback]) => ({ by, cases, ...(fallback ?? {}) }));
    return fc.oneof({ weight: 8, arbitrary: single }, { weight: 1, arbitrary: withCases });
  }

  string(schema: Schema, key?: string): fc.Arbitrary<Json> {
    const pattern = schema.pattern ? new RegExp(schema.pattern as string) : undefined;
    const examples = examplesOf(schema, 'string') as string[];
    // Strings of the kinds the option's name or the schema's examples show (a date where a date goes).
    const byKey = key === undefined ? undefined : KEY_KINDS[key];
    const kinds = new Set(byKey ? [byKey] : examples.length ? examples.map(kindOf) : (['name', 'path'] as StringKind[]));
    const fitting = (list: string[]) => list.filter((s) => !pattern || pattern.test(s));
    const candidates = fitting([...kinds].flatMap((kind) => this.pools[kind]));
    const anyKind = fitting(Object.values(this.pools).flat());
    const shown = fitting(examples);
    return fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom(...(candidates.length ? candidates : anyKind.length ? anyKind : ['x'])) },
      { weight: shown.length ? 3 : 0, arbitrary: fc.constantFrom(...(shown.length ? shown : ['x'])) },
      { weight: 2, arbitrary: fc.constantFrom(...(anyKind.length ? anyKind : ['x'])) },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    );
  }

  private withinSchema(schema: Schema, depth: number, key?: string): fc.Arbitrary<Json> {
    if (schema.$ref === '#/definitions/generator') return this.generator(depth + 1);
    if (schema.$ref) return anyJson;
    const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (alternatives) return fc.constantFrom(...alternatives).chain((branch) => this.withinSchema({ ...schema, anyOf: undefined, oneOf: undefined, ...branch }, depth, key));
    if (schema.enum) return fc.constantFrom(...(schema.enum as Json[]));
    if (Array.isArray(schema.type)) return fc.constantFrom(...(schema.type as string[])).chain((t) => this.withinSchema({ ...schema, type: t }, depth, key));
    switch ((schema.type as string | undefined) ?? (schema.properties ? 'object' : undefined)) {
      case 'object':
        return this.object(schema, depth);
      case 'array':
        return fc.array(schema.items ? this.value(schema.items as Schema, depth, key) : fc.constantFrom(...this.pools.name), {
          minLength: (schema.minItems as number | undefined) ?? 0,
          maxLength: Math.max((schema.minItems as number | undefined) ?? 0, Math.min((schema.maxItems as number | undefined) ?? 3, 3)),
        });
      case 'string':
        return this.string(schema, key);
      case 'integer':
        return numberArb(schema, true);
      case 'number':
        return numberArb(schema, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        return schema.examples ? fc.constantFrom(...(schema.examples as Json[])) : anyJson;
    }
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<Json> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = (schema.required ?? []) as string[];
    const known = fc.record(Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, this.value(sub, depth, key)])), {
      requiredKeys: required.filter((key) => key in properties),
    });
    const extra = schema.additionalProperties;
    if (!extra || typeof extra !== 'object' || Object.keys(properties).length) return known;
    return fc.dictionary(fc.constantFrom('a', 'b', '1', 'x', 'seg', 'active'), this.value(extra as Schema, depth), {
      minKeys: (schema.minProperties as number | undefined) ?? 0,
      maxKeys: 3,
    });
  }
}

const COLUMN_FLAGS = fc.record(
  { unique: fc.boolean(), not_null: fc.boolean(), primary_key: fc.boolean(), null_probability: fc.double({ min: 0, max: 1, noNaN: true }) },
  { requiredKeys: [] },
);

function column(values: OptionValues): fc.Arbitrary<Json> {
  return fc.tuple(fc.constantFrom(...COLUMN_TYPES), values.generator(0), COLUMN_FLAGS).map(([type, generator, flags]) => ({ type, ...(generator as object), ...flags }));
}

function table(values: OptionValues, columns: string[]): fc.Arbitrary<Json> {
  // Every driver, the common ones more often.
  const drivers = [...PLUGINS.drivers.keys(), 'count', 'count', 'count', 'per_parent', 'static'];
  const rows = fc.constantFrom(...drivers).chain((name) => values.value(DRIVER_SCHEMAS[name], 0).map((options) => ({ [name]: options })));
  const columnSpecs = fc.tuple(...columns.map(() => column(values))).map((specs) => Object.fromEntries(columns.map((n, i) => [n, specs[i]])));
  const context = fc.record({
    sql: values.string({ examples: ['SELECT k AS id, w AS n FROM a', 'SELECT id, count(*) AS n FROM a GROUP BY id'] }),
    key: values.string({ examples: ['id', 'k'] }),
    on: values.string({}),
  });
  // A context is rare in real specs: about one table in eight has one.
  const rareContext = fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: context });
  return fc
    .record({ rows, columns: columnSpecs, write: fc.boolean(), context: rareContext }, { requiredKeys: ['rows', 'columns'] })
    .map((t) => Object.fromEntries(Object.entries(t).filter(([, value]) => value !== undefined)));
}

/**
 * A whole spec as YAML text, drawn from the composed JSON Schema: one to three tables with
 * a driver and generators from the registry, their options from each plugin's options
 * schema, strings mostly from the spec's own names (so references often resolve), plus
 * params and an inline data set every table can use.
 */
export function schemaSpec(): fc.Arbitrary<string> {
  const shape = fc
    .uniqueArray(fc.constantFrom(...TABLES), { minLength: 1, maxLength: 3 })
    .chain((names) => fc.tuple(...names.map(() => fc.uniqueArray(fc.constantFrom(...COLUMNS), { minLength: 1, maxLength: 3 }))).map((columns) => Object.fromEntries(names.map((n, i) => [n, columns[i]]))));
  return shape.chain((tables) => {
    const values = new OptionValues(stringPools(tables));
    const names = Object.keys(tables);
    return fc
      .tuple(fc.nat({ max: 1000 }), ...names.map((name) => table(values, tables[name])))
      .map(([seed, ...specs]) => stringify({ name: 'fuzz', seed, as_of: '2025-06-30', params: { n: 5, seg: 'a' }, data: { ds: { rows: DATA_ROWS } }, tables: Object.fromEntries(names.map((n, i) => [n, specs[i]])) }));
  });
}
