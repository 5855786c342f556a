import type { Faker } from '@faker-js/faker';

/**
 * Replaces, on one Faker instance, the helpers every locale-backed method goes through
 * (`arrayElement`, `weightedArrayElement`, `mustache`, `fake`) with versions that do per
 * call only what depends on the call: the same random draws in the same order, the same
 * values. Faker's own versions validate their arguments, build a RegExp per key and parse a
 * template per call, which made up most of the time of a `person.fullName` or `location.city`.
 * Anything the fast versions do not cover exactly is handed to Faker's own.
 */
export function speedUpFakerHelpers(faker: Faker): void {
  // The randomizer the instance was made with (not public in Faker's types); without it Faker's helpers stay.
  const random = (faker as unknown as { _randomizer?: { next(): number } })._randomizer;
  if (typeof random?.next !== 'function') return;
  const helpers = faker.helpers as unknown as Record<string, unknown>;
  const fakerArrayElement = faker.helpers.arrayElement;
  const fakerWeighted = faker.helpers.weightedArrayElement;
  const fakerMustache = faker.helpers.mustache;
  const fakerFake = faker.helpers.fake;

  // number.int({ max: length - 1 }) as Faker computes it: floor(draw × length).
  const arrayElement = <T>(array: readonly T[]): T => (array.length > 1 ? array[Math.floor(random.next() * array.length)] : fakerArrayElement(array));
  helpers.arrayElement = arrayElement;

  // Faker checks the weights and sums them on every call; the sum of a valid list is kept per list.
  const totals = new WeakMap<readonly unknown[], number>();
  helpers.weightedArrayElement = <T>(array: ReadonlyArray<{ weight: number; value: T }>): T => {
    let total = totals.get(array);
    if (total === undefined) {
      if (array.length === 0 || !array.every((entry) => entry.weight > 0)) return fakerWeighted(array);
      total = array.reduce((sum, entry) => sum + entry.weight, 0);
      totals.set(array, total);
    }
    // number.float({ min: 0, max: total }).
    const draw = random.next() * total;
    let sum = 0;
    for (const { weight, value } of array) if (draw < (sum += weight)) return value;
    return array[array.length - 1].value;
  };

  // Faker builds `new RegExp('{{' + key + '}}', 'g')` for every key on every call: built once per key here.
  const keyPatterns = new Map<string, RegExp>();
  helpers.mustache = (text: string | undefined, data: Record<string, string | ((substring: string, ...args: unknown[]) => string)>): string => {
    if (text == null) return fakerMustache(text, data);
    for (const key in data) {
      let pattern = keyPatterns.get(key);
      if (pattern === undefined) keyPatterns.set(key, (pattern = new RegExp(`{{${key}}}`, 'g')));
      const value = data[key];
      text = typeof value === 'string' ? text.replace(pattern, value.replaceAll('$', '$$$$')) : text.replace(pattern, value);
    }
    return text;
  };

  const templates = new Map<string, Template | null>();
  const entryPoints = [faker, faker.rawDefinitions];
  // Faker's `fake` calls `helpers.fake` again on each partly filled text: those texts go straight back to it, uncached.
  let inFakersOwn = false;
  const fakersOwn = (text: string): string => {
    inFakersOwn = true;
    try {
      return fakerFake(text);
    } finally {
      inFakersOwn = false;
    }
  };
  helpers.fake = (pattern: string | readonly string[]): string => {
    const text = typeof pattern === 'string' ? pattern : arrayElement(pattern);
    if (inFakersOwn) return fakerFake(text);
    let template = templates.get(text);
    if (template === undefined) {
      template = parseTemplate(text);
      if (templates.size < MAX_TEMPLATES) templates.set(text, template);
    }
    if (template === null) return fakersOwn(text);
    let result = template.texts[0];
    for (let i = 0; i < template.paths.length; i++) {
      const value = String(resolve(template.paths[i], entryPoints, arrayElement));
      // A brace in a value could open or close a placeholder when Faker reads the text again: Faker goes on from here.
      if (value.includes('{') || value.includes('}')) return fakersOwn(result + value + template.rest[i]);
      result += value + template.texts[i + 1];
    }
    return result;
  };
}

/** Templates kept split per Faker instance: a locale's patterns number in the hundreds; a spec's own templates are few. */
const MAX_TEMPLATES = 10_000;

/** A template split once: texts[i], placeholder i, texts[i + 1], …; rest[i] is the original text after placeholder i. */
interface Template {
  texts: string[];
  paths: string[][];
  rest: string[];
}

/**
 * The parts of a template whose text holds no brace outside its placeholders, and whose
 * placeholders are dotted paths (no arguments); null for any other, left to Faker.
 */
function parseTemplate(text: string): Template | null {
  const texts: string[] = [];
  const paths: string[][] = [];
  const rest: string[] = [];
  const placeholder = /{{([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)}}/g;
  let at = 0;
  for (let match = placeholder.exec(text); match; match = placeholder.exec(text)) {
    texts.push(text.slice(at, match.index));
    paths.push(match[1].split('.'));
    at = match.index + match[0].length;
    rest.push(text.slice(at));
  }
  texts.push(text.slice(at));
  return texts.some((part) => part.includes('{') || part.includes('}')) ? null : { texts, paths, rest };
}

/**
 * A dotted path read as Faker's `fake` reads it: each step looked up on every entry point
 * still standing (a function is called first), the missing dropped, then every list replaced
 * by one element drawn from it; the first left is the value (a function is called).
 */
function resolve(path: string[], entryPoints: readonly unknown[], arrayElement: (array: readonly unknown[]) => unknown): unknown {
  let current: unknown[] = entryPoints as unknown[];
  for (const step of path) {
    const found: unknown[] = [];
    for (let value of current) {
      if (typeof value === 'function') {
        try {
          value = (value as () => unknown)();
        } catch {
          continue;
        }
      } else if (typeof value !== 'object') continue;
      const child = (value as Record<string, unknown> | null)?.[step];
      if (child != null) found.push(child);
    }
    current = found.map((child) => (Array.isArray(child) ? arrayElement(child) : child));
    if (current.length === 0) throw new Error(`Cannot resolve expression '${path.join('.')}'`);
  }
  const value = current[0];
  return typeof value === 'function' ? (value as () => unknown)() : value;
}
