import type { Faker } from '@faker-js/faker';
import { fakerRandomizer } from './fakerFastHelpers';

type Casing = 'upper' | 'lower' | 'mixed';
interface StringOptions {
  length?: number | { min: number; max: number };
  casing?: Casing;
  exclude?: string | readonly string[];
}

const UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const LOWER = [...'abcdefghijklmnopqrstuvwxyz'];
const DIGITS = [...'0123456789'];
/** The characters Faker's `string.alpha` and `string.alphanumeric` draw from, per casing, in Faker's order. */
const ALPHA: Record<Casing, string[]> = { upper: UPPER, lower: LOWER, mixed: [...LOWER, ...UPPER] };
const ALPHANUMERIC: Record<Casing, string[]> = { upper: [...DIGITS, ...UPPER], lower: [...DIGITS, ...LOWER], mixed: [...DIGITS, ...LOWER, ...UPPER] };

/**
 * Replaces `string.alpha` and `string.alphanumeric` on one Faker instance with versions that
 * take the same draws and give the same values: Faker builds the character list, an array of
 * one closure call per character and a join on every call, which made a pool of long texts
 * cost most of a compile. Options the fast versions do not cover (an unknown casing, every
 * character excluded) are handed to Faker's own, which reports them.
 */
export function speedUpFakerStrings(faker: Faker): void {
  // Without the instance's randomizer Faker's methods stay.
  const random = fakerRandomizer(faker);
  if (!random) return;
  const strings = faker.string as unknown as Record<string, unknown>;
  let bytes = Buffer.alloc(256);
  const fast = (fakers: (options?: StringOptions | number) => string, lists: Record<Casing, string[]>) => {
    return (given: StringOptions | number = {}): string => {
      const options = typeof given === 'number' ? { length: given } : given;
      const characters = charactersOf(options, lists);
      if (characters === undefined) return fakers(given);
      // Faker draws the length first (helpers.rangeToNumber), then one arrayElement per character.
      const count = faker.helpers.rangeToNumber(options.length ?? 1);
      if (count <= 0) return '';
      // A count that is not a whole number is cut as Faker's Array.from cuts it (or refused): Faker's own takes it from here, with no further draw.
      if (!Number.isSafeInteger(count)) return faker.string.fromCharacters(characters, count);
      // One character: Faker's arrayElement takes no draw.
      if (characters.length === 1) return characters[0].repeat(count);
      // ASCII bytes decoded once: a string grown by += is a chain of pieces, which a pool of long values keeps alive and the collector walks.
      if (bytes.length < count) bytes = Buffer.alloc(Math.max(count, 2 * bytes.length));
      const codes = codesOf(characters);
      for (let i = 0; i < count; i++) bytes[i] = codes[Math.floor(random.next() * codes.length)];
      return bytes.toString('latin1', 0, count);
    };
  };
  strings.alpha = fast(faker.string.alpha.bind(faker.string), ALPHA);
  strings.alphanumeric = fast(faker.string.alphanumeric.bind(faker.string), ALPHANUMERIC);
}

/** The characters Faker would draw from, or undefined where Faker's own must answer (it throws, or its options are not plain). */
function charactersOf(options: StringOptions, lists: Record<Casing, string[]>): string[] | undefined {
  if (options === null || typeof options !== 'object') return undefined;
  const { casing = 'mixed', exclude = [] } = options;
  if (casing !== 'upper' && casing !== 'lower' && casing !== 'mixed') return undefined;
  const all = lists[casing];
  if (typeof exclude === 'string' ? exclude.length === 0 : Array.isArray(exclude) && exclude.length === 0) return all;
  if (typeof exclude !== 'string' && !Array.isArray(exclude)) return undefined;
  const excluded: readonly unknown[] = typeof exclude === 'string' ? [...exclude] : exclude;
  const kept = all.filter((character) => !excluded.includes(character));
  return kept.length > 0 ? kept : undefined;
}

const characterCodes = new WeakMap<readonly string[], Uint8Array>();
/** The character codes of a list of ASCII characters, kept per list (the lists without exclusions are the same arrays on every call). */
function codesOf(characters: readonly string[]): Uint8Array {
  let codes = characterCodes.get(characters);
  if (codes === undefined) characterCodes.set(characters, (codes = Uint8Array.from(characters, (character) => character.charCodeAt(0))));
  return codes;
}
