import type { Problem } from '../errors/problem';
import { formatPath, type PositionIndex, type SpecPath } from './positions';
import { suggestName } from './suggest';

const WHOLE = /^\$\{\s*([A-Za-z_][\w]*)\s*\}$/;
const PART = /\$\{\s*([A-Za-z_][\w]*)\s*\}/g;

/**
 * Replaces `${name}` with the value of `params.name` everywhere outside `params:`.
 * A string that is only `${name}` takes the param's type (a number stays a number).
 */
export function substituteParams(root: Record<string, unknown>, positions: PositionIndex, problems: Problem[]): Record<string, unknown> {
  const params = (root.params ?? {}) as Record<string, unknown>;
  const names = Object.keys(params);
  const lookup = (name: string, path: SpecPath): unknown => {
    if (Object.prototype.hasOwnProperty.call(params, name)) return params[name];
    problems.push({
      code: 'SPEC_UNKNOWN_PARAM',
      message: `param "${name}" is not declared`,
      path: formatPath(path),
      ...positions.find(path),
      hint: suggestName(name, names, 'param'),
    });
    return undefined;
  };
  const walk = (value: unknown, path: SpecPath): unknown => {
    if (typeof value === 'string') {
      const whole = WHOLE.exec(value);
      if (whole) return lookup(whole[1], path);
      return value.includes('${') ? value.replace(PART, (_, name: string) => String(lookup(name, path))) : value;
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = walk(item, [...path, key]);
      return out;
    }
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(root)) out[key] = key === 'params' ? value : walk(value, [key]);
  return out;
}
