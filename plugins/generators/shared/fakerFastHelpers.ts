import type { Faker } from '@faker-js/faker';
import { types } from 'node:util';
import { cumulativeWeights, pickWeighted } from './weightedPick';

/**
 * Replaces, on one Faker instance, the helpers every locale-backed method goes through
 * (`arrayElement`, `weightedArrayElement`, `mustache`, `fake`) with versions that do per
 * call only what depends on the call: the same random draws in the same order, the same
 * values. Faker's own versions validate their arguments, build a RegExp per key and parse a
 * template per call, which made up most of the time of a `person.fullName` or `location.city`.
 * Anything the fast versions do not cover exactly is handed to Faker's own.
 * (A mustache function is called with the matched placeholder only: Faker's own callers read no argument.)
 */
export function speedUpFakerHelpers(faker: Faker): void {
  // Without the instance's randomizer Faker's helpers stay.
  const random = fakerRandomizer(faker);
  if (!random) return;
  const helpers = faker.helpers as unknown as Record<string, unknown>;
  const fakerArrayElement = faker.helpers.arrayElement;
  const fakerWeighted = faker.helpers.weightedArrayElement;
  const fakerMustache = faker.helpers.mustache;
  const fakerFake = faker.helpers.fake;

  // number.int({ max: length - 1 }) as Faker computes it: floor(draw × length).
  const arrayElement = <T>(array: readonly T[]): T => (array.length > 1 ? array[Math.floor(random.next() * array.length)] : fakerArrayElement(array));
  helpers.arrayElement = arrayElement;

  // Faker checks the weights and sums them on every call; the running totals of a valid list are kept per list.
  // Faker draws number.float({ min: 0, max: total }) and takes the first entry whose running total passes it: pickWeighted.
  const runningTotals = new WeakMap<readonly unknown[], Float64Array>();
  helpers.weightedArrayElement = <T>(array: ReadonlyArray<{ weight: number; value: T }>): T => {
    let cumulative = runningTotals.get(array);
    if (cumulative === undefined) {
      if (array.length === 0 || !array.every((entry) => entry.weight > 0)) return fakerWeighted(array);
      cumulative = cumulativeWeights(array.map((entry) => entry.weight));
      runningTotals.set(array, cumulative);
    }
    return array[pickWeighted(cumulative, random.next())].value;
  };

  // Faker builds `new RegExp('{{' + key + '}}', 'g')` for every key on every call and replaces
  // key by key; a text of plain placeholders is split once, and each key's placeholders found once.
  const keyPatterns = new Map<string, RegExp>();
  const patternOf = (key: string) => {
    let pattern = keyPatterns.get(key);
    if (pattern === undefined) keyPatterns.set(key, (pattern = new RegExp(`{{${key}}}`, 'g')));
    return pattern;
  };
  const replaceKey = (text: string, key: string, value: unknown): string =>
    typeof value === 'string' ? text.replace(patternOf(key), value.replaceAll('$', '$$$$')) : text.replace(patternOf(key), value as string);
  const mustaches = new Map<string, MustacheText | null>();
  helpers.mustache = (text: string | undefined, data: Record<string, unknown>): string => {
    if (typeof text !== 'string') return fakerMustache(text, data as Record<string, string>);
    let split = mustaches.get(text);
    if (split === undefined) {
      split = splitMustache(text);
      if (mustaches.size < MAX_TEMPLATES) mustaches.set(text, split);
    }
    if (split === null) {
      for (const key in data) text = replaceKey(text, key, data[key]);
      return text;
    }
    const filled: (string | undefined)[] = new Array(split.contents.length);
    let replaced: string | undefined;
    for (const key in data) {
      const value = data[key];
      if (replaced !== undefined) {
        replaced = replaceKey(replaced, key, value);
        continue;
      }
      const slots = typeof value === 'string' || typeof value === 'function' ? split.slotsOf(key) : undefined;
      if (slots === undefined) {
        replaced = replaceKey(joinMustache(split, filled), key, value);
        continue;
      }
      let braced = false;
      for (const slot of slots) {
        if (filled[slot] !== undefined) continue;
        const inserted = typeof value === 'string' ? value : String((value as (match: string) => unknown)(`{{${split.contents[slot]}}}`));
        filled[slot] = inserted;
        braced ||= inserted.includes('{') || inserted.includes('}');
      }
      // A brace in a value could make or break a later key's match: the later keys are replaced as Faker does.
      if (braced) replaced = joinMustache(split, filled);
    }
    return replaced ?? joinMustache(split, filled);
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

/**
 * A mustache text split at its placeholders: texts[0] {{contents[0]}} texts[1] …, with no
 * brace anywhere else. Then a key of letters, digits, `_` and at most three `.` (each
 * matching any character) matches whole placeholders only (spanning two would take four
 * braces in the middle), so its matches are the placeholders whose content it matches:
 * `slotsOf(key)`, undefined for any other key.
 */
interface MustacheText {
  texts: string[];
  contents: string[];
  slotsOf(key: string): number[] | undefined;
}

function splitMustache(text: string): MustacheText | null {
  const texts: string[] = [];
  const contents: string[] = [];
  const placeholder = /{{([^{}]*)}}/g;
  let at = 0;
  for (let match = placeholder.exec(text); match; match = placeholder.exec(text)) {
    texts.push(text.slice(at, match.index));
    contents.push(match[1]);
    at = match.index + match[0].length;
  }
  texts.push(text.slice(at));
  if (texts.some((part) => part.includes('{') || part.includes('}'))) return null;
  const slots = new Map<string, number[] | undefined>();
  const slotsOf = (key: string) => {
    if (!slots.has(key)) {
      const plain = /^[\w.]*$/.test(key) && key.split('.').length <= 4;
      const whole = new RegExp(`^${key}$`);
      slots.set(key, plain ? contents.flatMap((content, slot) => (whole.test(content) ? [slot] : [])) : undefined);
    }
    return slots.get(key);
  };
  return { texts, contents, slotsOf };
}

/** The text with the placeholders filled so far. */
function joinMustache({ texts, contents }: MustacheText, filled: readonly (string | undefined)[]): string {
  let text = texts[0];
  for (let slot = 0; slot < contents.length; slot++) text += (filled[slot] ?? `{{${contents[slot]}}}`) + texts[slot + 1];
  return text;
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

/** The randomizer a Faker instance was made with (not public in Faker's types), or undefined where Faker has none. */
export function fakerRandomizer(faker: Faker): { next(): number } | undefined {
  const random = (faker as unknown as { _randomizer?: { next(): number } })._randomizer;
  return typeof random?.next === 'function' ? random : undefined;
}
