import type { Faker } from '@faker-js/faker';
import { types } from 'node:util';

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
  // A key of letters, digits, `_` and `.` matches only where "{{" is: with none left in the text it is skipped.
  const keyPatterns = new Map<string, { pattern: RegExp; plain: boolean }>();
  helpers.mustache = (text: string | undefined, data: Record<string, string | ((substring: string, ...args: unknown[]) => string)>): string => {
    if (text == null) return fakerMustache(text, data);
    for (const key in data) {
      let known = keyPatterns.get(key);
      if (known === undefined) keyPatterns.set(key, (known = { pattern: new RegExp(`{{${key}}}`, 'g'), plain: /^[\w.]*$/.test(key) }));
      const { pattern, plain } = known;
      if (plain && !text.includes('{{')) continue;
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
      template = parseTemplate(text, entryPoints);
      if (templates.size < MAX_TEMPLATES) templates.set(text, template);
    }
    if (template === null) return fakersOwn(text);
    let result = template.texts[0];
    for (let i = 0; i < template.paths.length; i++) {
      const value = String(resolve(template.paths[i], arrayElement));
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
  paths: Path[];
  rest: string[];
}

/** A placeholder's dotted path, with the steps that draw nothing and call nothing already taken: `found` after the first `taken` steps. */
interface Path {
  steps: string[];
  taken: number;
  found: unknown[];
}

/**
 * The parts of a template whose text holds no brace outside its placeholders, and whose
 * placeholders are dotted paths (no arguments); null for any other, left to Faker.
 */
function parseTemplate(text: string, entryPoints: readonly unknown[]): Template | null {
  const texts: string[] = [];
  const paths: Path[] = [];
  const rest: string[] = [];
  const placeholder = /{{([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)}}/g;
  let at = 0;
  for (let match = placeholder.exec(text); match; match = placeholder.exec(text)) {
    texts.push(text.slice(at, match.index));
    paths.push(fixedSteps(match[1].split('.'), entryPoints));
    at = match.index + match[0].length;
    rest.push(text.slice(at));
  }
  texts.push(text.slice(at));
  return texts.some((part) => part.includes('{') || part.includes('}')) ? null : { texts, paths, rest };
}

/**
 * The first steps of a path whose lookups are plain data (no function called, no getter or
 * proxy run, no list to draw from), taken once: modules and locale definitions do not change.
 */
function fixedSteps(steps: string[], entryPoints: readonly unknown[]): Path {
  let found = entryPoints as unknown[];
  let taken = 0;
  for (; taken < steps.length; taken++) {
    const next: unknown[] = [];
    for (const value of found) {
      if (value === null || typeof value !== 'object' || types.isProxy(value)) return { steps, taken, found };
      const child = plainProperty(value, steps[taken]);
      if (child === GETTER) return { steps, taken, found };
      if (child != null) next.push(child);
    }
    if (next.length === 0 || next.some((child) => Array.isArray(child))) return { steps, taken, found };
    found = next;
  }
  return { steps, taken, found };
}

const GETTER = Symbol('getter');

/** A property's value as `object[name]` reads it (prototypes included), or GETTER where reading it would run code. */
function plainProperty(object: object, name: string): unknown {
  for (let at: object | null = object; at !== null; at = Object.getPrototypeOf(at)) {
    if (types.isProxy(at)) return GETTER;
    const descriptor = Object.getOwnPropertyDescriptor(at, name);
    if (descriptor) return 'value' in descriptor ? descriptor.value : GETTER;
  }
  return undefined;
}

/**
 * A dotted path read as Faker's `fake` reads it: each step looked up on every entry point
 * still standing (a function is called first), the missing dropped, then every list replaced
 * by one element drawn from it; the first left is the value (a function is called).
 */
function resolve(path: Path, arrayElement: (array: readonly unknown[]) => unknown): unknown {
  let current = path.found;
  for (let i = path.taken; i < path.steps.length; i++) {
    const found: unknown[] = [];
    for (let value of current) {
      if (typeof value === 'function') {
        try {
          value = (value as () => unknown)();
        } catch {
          continue;
        }
      } else if (typeof value !== 'object') continue;
      const child = (value as Record<string, unknown> | null)?.[path.steps[i]];
      if (child != null) found.push(child);
    }
    current = found.map((child) => (Array.isArray(child) ? arrayElement(child) : child));
    if (current.length === 0) throw new Error(`Cannot resolve expression '${path.steps.join('.')}'`);
  }
  const value = current[0];
  return typeof value === 'function' ? (value as () => unknown)() : value;
}
