/**
 * `x-` keys: a home for YAML anchors (`x-money: &money { type: real }`) at any level of a spec.
 * The engine ignores them: they are removed before the spec is checked, wherever the schema
 * would refuse the key (a closed map of options, or a map of names that cannot hold a `-`).
 * Where a map takes any key — params, a weights map, a check's name — an `x-` key is data and stays,
 * also when only one of a value's alternatives takes it (a generator's shorthand weights map).
 */
export const EXTENSION_KEY = /^x-/;

type Schema = Record<string, unknown>;

/** Removes the `x-` keys the schema would refuse from `value`, in place, following `$ref`, alternatives, properties and items. */
export function stripExtensionKeys(value: unknown, schema: Schema): void {
  const definitions = (schema.definitions ?? {}) as Record<string, Schema>;
  // Each (value, schema) pair is visited once: alternatives that share a subschema do not multiply the walk.
  const seen = new Map<object, Set<Schema>>();
  const refused = new Map<Record<string, unknown>, Set<string>>();
  const mark = (record: Record<string, unknown>, key: string, set: Map<Record<string, unknown>, Set<string>>) => (set.get(record) ?? set.set(record, new Set()).get(record)!).add(key);
  const accepted = new Map<Record<string, unknown>, Set<string>>();
  const pending: [unknown, Schema][] = [[value, schema]];
  while (pending.length) {
    const [node, nodeSchema] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const visited = seen.get(node) ?? seen.set(node, new Set()).get(node)!;
    if (visited.has(nodeSchema)) continue;
    visited.add(nodeSchema);
    if (typeof nodeSchema.$ref === 'string') {
      const target = definitions[nodeSchema.$ref.replace('#/definitions/', '')];
      if (target) pending.push([node, target]);
    }
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      for (const branch of (nodeSchema[key] as Schema[] | undefined) ?? []) pending.push([node, branch]);
    }
    if (Array.isArray(node)) {
      const items = nodeSchema.items;
      if (items && typeof items === 'object' && !Array.isArray(items)) for (const item of node) pending.push([item, items as Schema]);
      continue;
    }
    // Only a schema about maps judges keys: a branch for a string, or a bare $ref, says nothing of them.
    const types = ([] as unknown[]).concat(nodeSchema.type ?? []);
    if (!types.includes('object') && nodeSchema.properties === undefined && nodeSchema.additionalProperties === undefined && nodeSchema.propertyNames === undefined) continue;
    const record = node as Record<string, unknown>;
    const properties = (nodeSchema.properties ?? {}) as Record<string, Schema>;
    const additional = nodeSchema.additionalProperties;
    const names = (nodeSchema.propertyNames as { pattern?: string } | undefined)?.pattern;
    const namePattern = names === undefined ? undefined : new RegExp(names, 'u');
    for (const key of Object.keys(record)) {
      if (properties[key]) pending.push([record[key], properties[key]]);
      else if (!EXTENSION_KEY.test(key)) {
        if (additional && typeof additional === 'object') pending.push([record[key], additional as Schema]);
      } else if (additional === false || (namePattern && !namePattern.test(key))) mark(record, key, refused);
      else mark(record, key, accepted);
    }
  }
  for (const [record, keys] of refused) for (const key of keys) if (!accepted.get(record)?.has(key)) delete record[key];
}
