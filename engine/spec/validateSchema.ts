import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Problem } from '../errors/problem';
import type { PluginRegistry } from '../plugins/registry';
import { stripExtensionKeys } from './extensionKeys';
import type { LoadedSpec } from './load';
import { formatPath, type SpecPath } from './positions';
import { composeSpecSchema } from './schema';
import { suggestName } from './suggest';
import { ajvModule, prebuiltValidator, VALIDATOR_OPTIONS } from './validatorCode';

let validator: { schema: Record<string, unknown>; validate: ValidateFunction } | undefined;

function compiledValidator(registry: PluginRegistry): { schema: Record<string, unknown>; validate: ValidateFunction } {
  if (!validator) {
    const schema = composeSpecSchema(registry);
    validator = { schema, validate: prebuiltValidator(schema) ?? new (ajvModule().default)(VALIDATOR_OPTIONS).compile(schema) };
  }
  return validator;
}

/**
 * Checks the loaded spec against the composed JSON Schema; one problem per real fault. The
 * spec's `x-` keys (anchors' homes) are removed first, so neither the check nor a plugin sees them.
 */
export function validateAgainstSchema(loaded: LoadedSpec, registry: PluginRegistry): Problem[] {
  return schemaFaults(loaded, registry).map((fault) => fault.problem);
}

/** A schema problem with the path of the spec node that holds it, for the compile phase to skip that node. */
export interface SchemaFault {
  problem: Problem;
  at: SpecPath;
}

/** validateAgainstSchema, keeping each problem's path as a list of keys. */
export function schemaFaults(loaded: LoadedSpec, registry: PluginRegistry): SchemaFault[] {
  const { schema, validate } = compiledValidator(registry);
  stripExtensionKeys(loaded.spec, schema);
  if (validate(loaded.spec)) return [];
  return relevantErrors(validate.errors ?? []).map((error) => toFault(error, loaded));
}

/**
 * ajv reports every failed branch of an anyOf; keep only the branch the data was
 * meant for (not a bare type mismatch, then the fewest errors), then drop
 * summaries that a more specific error already explains. An alternative weighs only
 * the errors inside its own value, found through an index by instance path: linear in
 * the errors, however many columns fail the same alternative.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const isAlternative = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf';
  // Errors at or below each value an alternative is about; many errors share a path, so its ancestors are found once.
  const within = new Map(errors.filter(isAlternative).map((e) => [e.instancePath, [] as ErrorObject[]]));
  const ancestors = new Map<string, string[]>();
  const ancestorsOf = (path: string) => ancestors.get(path) ?? ancestors.set(path, pathAndAncestors(path)).get(path)!;
  for (const e of errors) for (const path of ancestorsOf(e.instancePath)) within.get(path)?.push(e);
  const dropped = new Set<ErrorObject>();
  for (const alternative of errors) {
    if (!isAlternative(alternative)) continue;
    const prefix = `${alternative.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of within.get(alternative.instancePath)!) {
      if (dropped.has(e) || !e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0];
      const list = branches.get(branch);
      if (list) list.push(e);
      else branches.set(branch, [e]);
    }
    if (branches.size < 2) continue;
    const score = (list: ErrorObject[]) => (list.every((e) => e.keyword === 'type' && e.instancePath === alternative.instancePath) ? Infinity : list.length);
    const best = [...branches.values()].reduce((a, b) => (score(b) < score(a) ? b : a));
    for (const list of branches.values()) if (list !== best) list.forEach((e) => dropped.add(e));
  }
  // A bad key is reported by its own `pattern` error: the `propertyNames` summary adds nothing.
  const kept = errors.filter((e) => !dropped.has(e) && e.keyword !== 'propertyNames');
  const explained = new Set<string>();
  for (const e of kept) if (!isAlternative(e)) for (const path of ancestorsOf(e.instancePath)) explained.add(path);
  const seen = new Set<string>();
  return kept.filter((e) => {
    if (isAlternative(e) && explained.has(e.instancePath)) return false;
    const key = `${e.instancePath}|${e.propertyName ?? ''}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** An instance path and every path above it: `/a/b` gives '', `/a`, `/a/b`. */
function pathAndAncestors(path: string): string[] {
  const paths = [''];
  for (let slash = path.indexOf('/', 1); slash !== -1; slash = path.indexOf('/', slash + 1)) paths.push(path.slice(0, slash));
  if (path !== '') paths.push(path);
  return paths;
}

function toFault(error: ErrorObject, loaded: LoadedSpec): SchemaFault {
  const path: SpecPath = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  // A name a map refuses (a bad column name) is a fault of that entry alone, not of the whole map.
  return { problem: toProblem(error, path, loaded), at: error.propertyName === undefined ? path : [...path, error.propertyName] };
}

function toProblem(error: ErrorObject, path: SpecPath, loaded: LoadedSpec): Problem {
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
    const keyPath = [...path, key];
    return {
      code: 'SPEC_UNKNOWN_KEY',
      message: `unknown key "${key}"${path.length ? ` in ${formatPath(path)}` : ''}`,
      path: formatPath(keyPath),
      ...loaded.positions.find(keyPath, true),
      hint: suggestName(key, allowed, 'key'),
    };
  }
  if (error.propertyName !== undefined) {
    const keyPath = [...path, error.propertyName];
    return {
      code: 'SPEC_SCHEMA',
      message: `name "${error.propertyName}"${path.length ? ` in ${formatPath(path)}` : ''} is not allowed`,
      path: formatPath(keyPath),
      ...loaded.positions.find(keyPath, true),
      hint: (error.parentSchema as { description?: string } | undefined)?.description ?? error.message,
    };
  }
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    return {
      code: 'SPEC_SCHEMA',
      message: `${path.length ? formatPath(path) : 'the spec'} is missing "${missing}"`,
      path: formatPath(path),
      ...loaded.positions.find(path, true),
      hint: describe(error, missing),
    };
  }
  if (error.keyword === 'enum') {
    return {
      code: 'SPEC_SCHEMA',
      message: `${formatPath(path)} is ${JSON.stringify(error.data)}, which is not allowed`,
      path: formatPath(path),
      ...loaded.positions.find(path),
      hint: suggestName(String(error.data), (error.params.allowedValues as unknown[]).map(String), 'value'),
    };
  }
  return {
    code: 'SPEC_SCHEMA',
    message: `${formatPath(path) || 'the spec'} ${error.message ?? 'is invalid'}`,
    path: formatPath(path),
    ...loaded.positions.find(path),
    hint: describe(error),
  };
}

/** The schema's own description of the property, as a hint. */
function describe(error: ErrorObject, property?: string): string | undefined {
  const schema = error.parentSchema as { properties?: Record<string, { description?: string }>; description?: string } | undefined;
  const description = property ? schema?.properties?.[property]?.description : schema?.description;
  return description ? `${property ? `${property}: ` : ''}${description}` : undefined;
}
