import type { Problem } from '../errors/problem';
import { raiseLimitHint, type Limits } from '../limits';
import { formatPath, type PositionIndex, type SpecPath } from './positions';
import { suggestName } from './suggest';

const WHOLE = /^\$\{\s*([A-Za-z_][\w]*)\s*\}$/;
const PART = /\$\{\s*([A-Za-z_][\w]*)\s*\}/g;

/** Thrown out of a replacement that would take the text past the param_text limit, before the text is built. */
class TextOverLimit extends Error {}

/**
 * Replaces `${name}` with the value of `params.name` everywhere outside `params:`.
 * A string that is only `${name}` takes the param's type (a number stays a number).
 * Text added inside strings counts against `limits.param_text`: past it, one problem and
 * no more substitution.
 */
export function substituteParams(root: Record<string, unknown>, positions: PositionIndex, problems: Problem[], limits: Limits): Record<string, unknown> {
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
  let added = 0;
  let stopped = false;
  const replaceParts = (value: string, path: SpecPath): string => {
    try {
      return value.replace(PART, (_, name: string) => {
        const text = String(lookup(name, path));
        added += text.length;
        if (added > limits.param_text) throw new TextOverLimit();
        return text;
      });
    } catch (err) {
      if (!(err instanceof TextOverLimit)) throw err;
      stopped = true;
      const limit = limits.param_text.toLocaleString('en-US');
      problems.push({ code: 'SPEC_TOO_COSTLY', message: `\${…} in text would add more than ${limit} characters to the spec`, path: formatPath(path), ...positions.find(path), hint: raiseLimitHint('param_text', limits) });
      return value;
    }
  };
  const walk = (value: unknown, path: SpecPath): unknown => {
    if (typeof value === 'string') {
      const whole = WHOLE.exec(value);
      if (whole) return lookup(whole[1], path);
      return value.includes('${') && !stopped ? replaceParts(value, path) : value;
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
