import type { Faker } from '@faker-js/faker';

/** The Faker methods that take a person's first and last name as options and build on them. */
export const PERSON_METHODS = ['internet.email', 'internet.exampleEmail', 'internet.username', 'internet.displayName'];

export interface NameParts {
  firstName: string;
  lastName: string;
}

/**
 * Reads a full name as `person.fullName` writes it: an optional title of the locale's
 * (`Dr.`, `Mrs.`), the first name, the last name, an optional suffix (`Jr.`, `PhD`). The
 * first word after the title is the first name, the last before the suffix the last name;
 * a single word is a first name only. Undefined for a value with no word (NULL, empty).
 */
export function nameReader(faker: Faker): (value: unknown) => NameParts | undefined {
  const person = faker.rawDefinitions.person ?? {};
  const prefixes = new Set(wordsOf(person.prefix));
  const suffixes = new Set(wordsOf(person.suffix));
  return (value) => {
    if (typeof value !== 'string') return undefined;
    const words = value.split(' ').filter((word) => word !== '');
    let first = 0;
    let last = words.length - 1;
    if (last - first >= 2 && prefixes.has(words[first])) first++;
    if (last - first >= 2 && suffixes.has(words[last])) last--;
    if (last < first) return undefined;
    return { firstName: words[first], lastName: last > first ? words[last] : '' };
  };
}

/** Every text in a locale entry: a list, or lists by sex. */
function wordsOf(entry: unknown): string[] {
  if (typeof entry === 'string') return [entry];
  if (Array.isArray(entry)) return entry.flatMap(wordsOf);
  if (entry !== null && typeof entry === 'object') return Object.values(entry).flatMap(wordsOf);
  return [];
}
