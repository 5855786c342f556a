/**
 * The placeholders of a `helpers.fake` template, read as Faker reads them: each `{{`
 * followed by a lowercase letter up to the next `}}`, holding `module.name` or
 * `module.name(arguments)` (the arguments as a JSON list, or one bare string).
 * Faker reads its template again after every substitution, so a brace in the text
 * around placeholders, or in a value a placeholder returns, could open a placeholder
 * the spec never wrote; such templates are refused rather than guessed at.
 */
export interface Placeholder {
  /** `module.name`: a method, or a list of the locale's definitions. */
  path: string;
  /** Its arguments; undefined without parentheses. */
  args: unknown[] | undefined;
}

/** Placeholders in one template beyond which its text is read again too often (Faker re-reads the whole text per placeholder). */
export const MAX_PLACEHOLDERS = 1_000;

/** The placeholders of `template`, or why its cost cannot be told before Faker runs it. */
export function templatePlaceholders(template: string): { placeholders: Placeholder[] } | { refused: string } {
  const placeholders: Placeholder[] = [];
  let text = '';
  let at = 0;
  for (;;) {
    const open = template.slice(at).search(/{{[a-z]/);
    const close = open < 0 ? -1 : template.indexOf('}}', at + open);
    if (open < 0 || close < 0) {
      text += template.slice(at);
      break;
    }
    text += template.slice(at, at + open);
    const expression = template.slice(at + open + 2, close);
    const placeholder = parsePlaceholder(expression);
    if (!placeholder) return { refused: `the placeholder {{${expression}}} is not module.name or module.name(arguments)` };
    placeholders.push(placeholder);
    if (placeholders.length > MAX_PLACEHOLDERS) return { refused: `it has more than ${MAX_PLACEHOLDERS.toLocaleString('en-US')} placeholders` };
    at = close + 2;
  }
  if (/[{}]/.test(text)) return { refused: 'its text outside the {{ }} placeholders holds a brace, which a value written beside it could turn into a placeholder' };
  return { placeholders };
}

/** `module.name` or `module.name(arguments)`, parsed as Faker parses it; undefined for anything else (chains, indexing). */
function parsePlaceholder(expression: string): Placeholder | undefined {
  const name = /^[a-z][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*/.exec(expression)?.[0];
  if (!name) return undefined;
  const rest = expression.slice(name.length);
  if (rest === '') return { path: name, args: undefined };
  if (!rest.startsWith('(') || !rest.endsWith(')')) return undefined;
  const args = fakerArguments(rest);
  return args ? { path: name, args } : undefined;
}

/**
 * Faker's reading of `(…)`: the text up to each `)` in turn as a JSON list, or, without
 * quotes, as one string; the first reading that parses wins. Undefined unless it ends
 * at the last character (anything after it would be a further call).
 */
function fakerArguments(call: string): unknown[] | undefined {
  for (let close = call.indexOf(')', 1); close !== -1; close = call.indexOf(')', close + 1)) {
    const inside = call.substring(1, close);
    const parsed = parseList(`[${inside}]`) ?? (inside.includes("'") || inside.includes('"') ? undefined : parseList(`["${inside}"]`));
    if (parsed) return close === call.length - 1 ? parsed : undefined;
  }
  // Faker's last resort: everything up to the last `)` as one string.
  return [call.substring(1, call.lastIndexOf(')'))];
}

function parseList(text: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
