import type { Faker } from '@faker-js/faker';
import { faker as english } from '@faker-js/faker/locale/en';
import { speedUpFakerHelpers } from '../../plugins/generators/shared/fakerFastHelpers';
import { speedUpFakerUsernames } from '../../plugins/generators/shared/fakerFastUsernames';
import { speedUpFakerStrings } from '../../plugins/generators/shared/fakerFastStrings';

/** An English Faker on a seeded stream, as the engine makes one; `fast` with the helpers, usernames, emails and strings replaced. */
function seededFaker(seed: number, fast: boolean): Faker {
  let state = seed >>> 0;
  // mulberry32: any seeded stream will do, as long as both fakers get the same one.
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const EnglishFaker = english.constructor as typeof Faker;
  const faker = new EnglishFaker({ locale: english.rawDefinitions, randomizer: { next, seed: () => undefined } });
  faker.setDefaultRefDate(Date.UTC(2025, 5, 30));
  if (fast) {
    speedUpFakerHelpers(faker);
    speedUpFakerUsernames(faker);
    speedUpFakerStrings(faker);
  }
  return faker;
}

/** The values of `call` on both fakers, seed by seed: they must not differ in one value, nor in the draws taken (the next value shows it). */
function bothWays(call: (faker: Faker) => unknown, count = 3000): { faker: unknown[]; fast: unknown[] } {
  const run = (fast: boolean) => {
    const faker = seededFaker(11, fast);
    const values = Array.from({ length: count }, () => call(faker));
    values.push(faker.number.int());
    return values;
  };
  return { faker: run(false), fast: run(true) };
}

const method = (path: string) => (faker: Faker) => {
  const [module, name] = path.split('.');
  return (faker as unknown as Record<string, Record<string, () => unknown>>)[module][name]();
};

describe('Faker sped up', () => {
  test.each([
    'person.fullName',
    'person.firstName',
    'person.lastName',
    'person.jobTitle',
    'person.bio',
    'internet.email',
    'internet.username',
    'internet.exampleEmail',
    'internet.userAgent',
    'internet.url',
    'location.city',
    'location.street',
    'location.streetAddress',
    'location.secondaryAddress',
    'location.zipCode',
    'company.name',
    'company.catchPhrase',
    'commerce.productName',
    'hacker.phrase',
    'lorem.sentence',
    'phone.number',
    'git.commitEntry',
    'vehicle.vehicle',
  ])('%s gives the values Faker gives', (path) => {
    const { faker, fast } = bothWays(method(path));
    expect(fast).toEqual(faker);
  });

  test('templates: placeholders with arguments, braces in the text and placeholders that return templates are read as Faker reads them', () => {
    for (const template of [
      '{{person.firstName}} {{number.int({"min":1,"max":9})}}',
      '{x} {{person.lastName}} }}',
      '{{location.city_pattern}}',
      '{{person.last_name.generic}}-{{person.first_name}}',
      'no placeholder',
      '{{Person.firstName}} {{ person.firstName }}',
    ]) {
      const { faker, fast } = bothWays((f) => f.helpers.fake(template), 500);
      expect(fast).toEqual(faker);
    }
    const { faker, fast } = bothWays((f) => f.helpers.fake(['{{person.firstName}}', '{{location.city}}', 'plain']), 500);
    expect(fast).toEqual(faker);
  });

  test('a path that resolves to nothing fails with the message Faker gives', () => {
    expect(() => seededFaker(1, false).helpers.fake('{{person.nothing}}')).toThrow("Cannot resolve expression 'person.nothing'");
    expect(() => seededFaker(1, true).helpers.fake('{{person.nothing}}')).toThrow("Cannot resolve expression 'person.nothing'");
  });

  test('mustache, weighted and plain picks', () => {
    const data = (f: Faker) => ({ 'a.b': () => f.person.firstName(), c: 'x$&y', missing: 'z' });
    const mustache = bothWays((f) => f.helpers.mustache('{{a.b}} {{aXb}} {{c}} {{c}}', data(f)), 500);
    expect(mustache.fast).toEqual(mustache.faker);
    expect(mustache.fast[0]).toMatch(/^\S+ \S+ x\$&y x\$&y$/);
    const tricky = (f: Faker) => ({ first: () => `{{${f.person.firstName()}}}`, 'a|b': 'or', 'x....y': 'dots', brace: '{{second}}', second: () => f.person.lastName(), n: 5 as unknown as string });
    for (const text of ['{{first}} {{a|b}} {{b}} {{x{{}}y}} {{brace}} {{n}}', '{{xa}}{b}}y}} {{second}} {{brace}}', '{{x....y}} {{x1234y}} {{first}}', '{{first}}\n{{second}} {{}}']) {
      const result = bothWays((f) => f.helpers.mustache(text, tricky(f)), 200);
      expect(result.fast).toEqual(result.faker);
    }
    const weights = [
      { weight: 0.5, value: 'a' },
      { weight: 3, value: 'b' },
      { weight: 1, value: 'c' },
    ];
    const weighted = bothWays((f) => f.helpers.weightedArrayElement(weights));
    expect(weighted.fast).toEqual(weighted.faker);
    const picks = bothWays((f) => [f.helpers.arrayElement(['only']), f.helpers.arrayElement(['a', 'b', 'c'])]);
    expect(picks.fast).toEqual(picks.faker);
    expect(() => seededFaker(1, true).helpers.weightedArrayElement([{ weight: 0, value: 'a' }])).toThrow('weightedArrayElement expects');
    expect(() => seededFaker(1, true).helpers.arrayElement([])).toThrow('Cannot get value from empty dataset.');
  });

  test('usernames and emails of given names: accents, apostrophes, spaces, dots, long names, special characters, a provider', () => {
    const names = [
      { firstName: 'Zoë', lastName: 'Ólafsdóttir' },
      { firstName: "D'Arcy", lastName: 'van der Berg' },
      { firstName: '.Ann..', lastName: 'Lee.' },
      { firstName: 'Ææ', lastName: 'Łódź' },
      { firstName: 'A'.repeat(60), lastName: 'B' },
      { firstName: 'Kim', lastName: '' },
      { firstName: '李', lastName: '小龍' },
    ];
    const options = [{}, { provider: 'example.org' }, { allowSpecialCharacters: true }];
    for (const name of names) {
      for (const more of options) {
        for (const call of [(f: Faker) => f.internet.email({ ...name, ...more }), (f: Faker) => f.internet.username(name), (f: Faker) => f.internet.exampleEmail(name)]) {
          const { faker, fast } = bothWays(call, 200);
          expect(fast).toEqual(faker);
        }
      }
    }
    const { faker, fast } = bothWays((f) => f.internet.email({ allowSpecialCharacters: true }), 500);
    expect(fast).toEqual(faker);
  });

  test('string.alpha and string.alphanumeric: lengths, ranges, casings and exclusions give the values Faker gives', () => {
    const options: unknown[] = [
      undefined,
      0,
      7,
      -2,
      3.7,
      {},
      { length: 12 },
      { length: { min: 5, max: 22 }, casing: 'lower' },
      { length: { min: 0, max: 3 }, casing: 'upper' },
      { length: { min: 10, max: 40 }, casing: 'mixed' },
      { length: 2.5 },
      { length: 6, exclude: 'aeiouAEIOU0' },
      { length: 6, exclude: ['a', 'B', '7', 3, 'zz'] },
      { length: 5, casing: 'upper', exclude: [...'ABCDEFGHIJKLMNOPQRSTUVWXY'] },
      { length: 4, exclude: [] },
      { length: 4, exclude: '' },
    ];
    for (const name of ['alpha', 'alphanumeric'] as const) {
      for (const option of options) {
        const call = (f: Faker) => (f.string[name] as (given?: unknown) => string)(option);
        const { faker, fast } = bothWays(call, 500);
        expect(fast).toEqual(faker);
      }
    }
    expect(bothWays((f) => f.string.alpha({ length: 3, casing: 'lower' }), 1).fast[0]).toMatch(/^[a-z]{3}$/);
  });

  test('string options Faker refuses are refused with the message Faker gives', () => {
    for (const option of [{ length: 3, casing: 'title' }, { length: 3, exclude: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'] }, { length: 3, exclude: 5 }, null, { length: { min: 4, max: 2 } }]) {
      const message = (fast: boolean) => {
        try {
          return String((seededFaker(1, fast).string.alpha as (given?: unknown) => string)(option));
        } catch (err) {
          return `threw ${(err as Error).message}`;
        }
      };
      expect(message(true)).toBe(message(false));
      expect(message(true)).toMatch(/^threw /);
    }
  });
});
