import type { OptionsSchema } from '../contract';
import { oneLineYaml } from './compactYaml';

/** One documented option: its path (`trend.per_year`, `seasons[].months`), type, default and description, as Markdown. */
export interface OptionRow {
  name: string;
  type: string;
  default: string;
  description: string;
}

/**
 * Every property of an object schema, then the properties nested in it, as dotted paths;
 * `opaque` paths are not descended into (their keys are documented elsewhere, like a table's drivers).
 */
export function optionRows(schema: OptionsSchema, prefix = '', opaque: ReadonlySet<string> = new Set()): OptionRow[] {
  const found = collectOptions(schema, prefix, opaque);
  const seen = new Set<string>();
  const unique = found.filter((option) => !seen.has(option.path) && seen.add(option.path));
  // A documented option repeated elsewhere (a series overriding the shape options) points at its shallowest copy.
  const first = new Map<string, FoundOption>();
  for (const option of [...unique].sort((a, b) => depth(a.path) - depth(b.path))) if (!first.has(option.key)) first.set(option.key, option);
  const repeats = unique.filter((option) => first.get(option.key) !== option).map((option) => option.path);
  const insideRepeat = (path: string) => repeats.some((repeat) => path.startsWith(`${repeat}.`) || path.startsWith(`${repeat}[`));
  return unique
    .filter((option) => !insideRepeat(option.path))
    .map(({ key, path, row }) => {
      const original = first.get(key)!;
      return original.path === path ? row : { ...row, description: `Same as \`${original.path}\`.` };
    });
}

interface FoundOption {
  path: string;
  /** The option's schema as JSON when documented (equal keys are the same option), else its path. */
  key: string;
  row: OptionRow;
}

function collectOptions(schema: OptionsSchema, prefix: string, opaque: ReadonlySet<string>): FoundOption[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const found: FoundOption[] = [];
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, OptionsSchema>)) {
    const path = prefix + name;
    found.push({
      path,
      key: property.description === undefined ? path : JSON.stringify(property),
      row: {
        name: `\`${path}\`${required.has(name) ? ' (required)' : ''}`,
        type: schemaType(property),
        default: property.default === undefined ? '' : `\`${oneLineYaml(property.default)}\``,
        description: descriptionWithExamples(property),
      },
    });
    if (!opaque.has(path)) found.push(...nestedOptions(property, path, opaque));
  }
  return found;
}

/** Options inside an option: its object forms, list items (`path[]`) and map values (`path.<key>`). */
function nestedOptions(schema: OptionsSchema, path: string, opaque: ReadonlySet<string>): FoundOption[] {
  const found: FoundOption[] = [];
  for (const form of [schema, ...((schema.anyOf ?? []) as OptionsSchema[])]) {
    if (form.properties) found.push(...collectOptions(form, `${path}.`, opaque));
    if (isSchema(form.items)) found.push(...nestedOptions(form.items, `${path}[]`, opaque));
    if (isSchema(form.additionalProperties)) found.push(...nestedOptions(form.additionalProperties, `${path}.<key>`, opaque));
  }
  return found;
}

function depth(path: string): number {
  return path.split(/\.|\[\]/).length;
}

/** A schema's accepted values in words: `integer ≥ 0`, `number[2]`, `map of number`, `generator`, `` `day`, `week` ``. */
export function schemaType(schema: OptionsSchema): string {
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop()!;
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => `\`${oneLineYaml(value)}\``).join(', ');
  if (Array.isArray(schema.anyOf)) return unique((schema.anyOf as OptionsSchema[]).map(schemaType)).join(' or ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? 'object' : 'any';
  return types.map((type) => typeName(type, schema)).join(' or ');
}

function typeName(type: string, schema: OptionsSchema): string {
  if (type === 'integer' || type === 'number') return type + bounds(schema.minimum, schema.maximum);
  if (type === 'array') {
    const item = isSchema(schema.items) ? schemaType(schema.items) : 'any';
    const length = schema.minItems !== undefined && schema.minItems === schema.maxItems ? String(schema.minItems) : '';
    return `${item.includes(' ') ? `(${item})` : item}[${length}]`;
  }
  if (type === 'object' && !schema.properties && isSchema(schema.additionalProperties)) return `map of ${grouped(schemaType(schema.additionalProperties))}`;
  return type;
}

/** `(a or b)` where a type is one of several. */
function grouped(type: string): string {
  return type.includes(' or ') ? `(${type})` : type;
}

function bounds(minimum: unknown, maximum: unknown): string {
  if (minimum !== undefined && maximum !== undefined) return ` ${minimum}–${maximum}`;
  if (minimum !== undefined) return ` ≥ ${minimum}`;
  if (maximum !== undefined) return ` ≤ ${maximum}`;
  return '';
}

/** The description, then the schema's examples as inline YAML. */
export function descriptionWithExamples(schema: OptionsSchema): string {
  const examples = Array.isArray(schema.examples) ? schema.examples.map((e) => `\`${oneLineYaml(e)}\``) : [];
  return [schema.description ?? '', examples.length ? `Example${examples.length > 1 ? 's' : ''}: ${examples.join(', ')}.` : ''].filter(Boolean).join(' ');
}

/** A Markdown table of option rows; `|` and line breaks inside cells are escaped. */
export function optionTable(rows: OptionRow[], firstHeader = 'option'): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  return [
    `| ${firstHeader} | type | default | description |`,
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${[row.name, row.type, row.default, row.description].map(cell).join(' | ')} |`),
  ].join('\n');
}

function isSchema(value: unknown): value is OptionsSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
