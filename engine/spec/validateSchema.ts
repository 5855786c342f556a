import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Problem } from '../errors/problem';
import type { PluginRegistry } from '../plugins/registry';
import type { LoadedSpec } from './load';
import { formatPath, type SpecPath } from './positions';
import { composeSpecSchema } from './schema';
import { suggestName } from './suggest';

let validator: ValidateFunction | undefined;

function compiledValidator(registry: PluginRegistry): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    validator = ajv.compile(composeSpecSchema(registry));
  }
  return validator;
}

/** Checks the loaded spec against the composed JSON Schema; one problem per real fault. */
export function validateAgainstSchema(loaded: LoadedSpec, registry: PluginRegistry): Problem[] {
  const validate = compiledValidator(registry);
  if (validate(loaded.spec)) return [];
  return relevantErrors(validate.errors ?? []).map((error) => toProblem(error, loaded));
}

/**
 * ajv reports every failed branch of an anyOf; keep the errors of the branch the
 * data was meant for: drop `type` mismatches and anyOf summaries where a deeper
 * or more specific error explains the same node.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'type');
  const explained = (path: string) => specific.some((e) => e.instancePath === path || e.instancePath.startsWith(path + '/'));
  const kept = errors.filter((e) => {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') return !explained(e.instancePath);
    if (e.keyword === 'type') return !explained(e.instancePath) && !errors.some((o) => o !== e && o.keyword === 'type' && o.instancePath === e.instancePath && errors.indexOf(o) < errors.indexOf(e));
    return true;
  });
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toProblem(error: ErrorObject, loaded: LoadedSpec): Problem {
  const path: SpecPath = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
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
