import type { Faker } from '@faker-js/faker';

/**
 * Replaces `internet.username` and `internet.email` on one Faker instance with versions
 * that take the same draws and give the same values, faster where the name is plain ASCII:
 * Faker normalises and maps a username character by character, and cleans an email's local
 * part with four regular-expression passes, on every call. For other text, and for options
 * the fast versions do not cover, Faker's own code does the work.
 */
export function speedUpFakerUsernames(faker: Faker): void {
  const transliterate = transliteration(faker);
  if (!transliterate) return;
  const internet = faker.internet as unknown as Record<string, unknown>;
  const fakerEmail = faker.internet.email;
  const username = (options: { firstName?: string; lastName?: string } = {}): string => {
    const { firstName = faker.person.firstName(), lastName = faker.person.lastName(), lastName: givenLastName } = options;
    const separator = faker.helpers.arrayElement(SEPARATORS);
    const number = faker.number.int(99);
    // Faker's three shapes, the last (no last name) only when none was given.
    const shape = faker.helpers.arrayElement(givenLastName ? TWO_SHAPES : THREE_SHAPES);
    const text = shape === 0 ? `${firstName}${separator}${lastName}${number}` : shape === 1 ? `${firstName}${separator}${lastName}` : `${firstName}${number}`;
    return PLAIN_ASCII.test(text) ? text.replaceAll("'", '').replaceAll(' ', '') : transliterate(text);
  };
  internet.username = username;
  internet.email = (options: { firstName?: string; lastName?: string; provider?: string; allowSpecialCharacters?: boolean } = {}): string => {
    if (options.allowSpecialCharacters) return fakerEmail(options);
    const { firstName, lastName, provider = faker.helpers.arrayElement(faker.definitions.internet.free_email) } = options;
    const local = username({ firstName, lastName });
    return `${CLEAN_LOCAL_PART.test(local) ? local : cleanLocalPart(local)}@${provider}`;
  };
}

const SEPARATORS = ['.', '_'];
const TWO_SHAPES = [0, 1];
const THREE_SHAPES = [0, 1, 2];
/** Text Faker's username mapping leaves as it is, but for apostrophes and spaces (checked once per process below). */
const PLAIN_ASCII = /^[\x00-\x7f]*$/;
/** A local part Faker's email cleaning leaves as it is. */
const CLEAN_LOCAL_PART = /^(?!\.)(?!.*\.\.)[A-Za-z0-9._+-]{0,50}(?<!\.)$/;

/** Faker's cleaning of an email's local part (without special characters). */
function cleanLocalPart(local: string): string {
  return local
    .replaceAll(/[^A-Za-z0-9._+-]+/g, '')
    .substring(0, 50)
    .replaceAll(/\.{2,}/g, '.')
    .replace(/^\./, '')
    .replace(/\.$/, '');
}

/**
 * Faker's own mapping of a username's text, through a Faker whose every draw is 0: its
 * username of first name `text` and no last name is the mapped text followed by ".0"
 * (separator ".", number 0, first shape). Undefined, and nothing replaced, if Faker maps
 * plain ASCII other than by dropping apostrophes and spaces.
 */
function transliteration(faker: Faker): ((text: string) => string) | undefined {
  // The mapping is Faker's code, the same for every instance of a class: found once.
  if (!transliterations.has(faker.constructor)) transliterations.set(faker.constructor, zeroDrawMapping(faker));
  return transliterations.get(faker.constructor);
}

const transliterations = new Map<unknown, ((text: string) => string) | undefined>();

function zeroDrawMapping(faker: Faker): ((text: string) => string) | undefined {
  const FakerClass = faker.constructor as new (options: { locale: unknown; randomizer: { next(): number; seed(): void } }) => Faker;
  const zero = new FakerClass({ locale: faker.rawDefinitions, randomizer: { next: () => 0, seed: () => undefined } });
  const map = (text: string) => zero.internet.username({ firstName: text, lastName: '' }).slice(0, -2);
  const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).join('');
  if (zero.internet.username({ firstName: ascii, lastName: '' }) !== `${ascii.replaceAll("'", '').replaceAll(' ', '')}.0`) return undefined;
  return map;
}
