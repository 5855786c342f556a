import { faker } from '@faker-js/faker';
import { codePattern, fitText } from '../../../engine/init/profile/textGenerator';
import { times } from './draws';

faker.seed(7);
const emails = times(200, () => faker.internet.email());
const people = times(200, () => faker.person.fullName());
const products = times(200, () => faker.commerce.productName());

describe('fitText: a Faker method by the column name and the values’ shape', () => {
  test.each([
    ['contact', emails, 'internet.email'],
    ['external_ref', times(50, () => faker.string.uuid()), 'string.uuid'],
    ['homepage', times(50, () => faker.internet.url()), 'internet.url'],
    ['mobile', times(50, () => faker.phone.number()), 'phone.number'],
    ['first_name', times(50, () => faker.person.firstName()), 'person.firstName'],
    ['lastName', times(50, () => faker.person.lastName()), 'person.lastName'],
    ['billing_city', times(50, () => faker.location.city()), 'location.city'],
    ['street_address', times(50, () => faker.location.streetAddress()), 'location.streetAddress'],
    ['country', times(50, () => faker.location.countryCode()), 'location.countryCode'],
    ['company_name', times(50, () => faker.company.name()), 'company.name'],
    ['full_name', people, 'person.fullName'],
  ])('%s', (column, values, method) => {
    expect(fitText('t', column, values, undefined).generator).toEqual({ faker: method });
  });

  test('a bare "name" is a person’s when the values are people’s names, a product’s in a products table', () => {
    expect(fitText('customers', 'name', people, undefined).generator).toEqual({ faker: 'person.fullName' });
    expect(fitText('products', 'name', products, undefined).generator).toEqual({ faker: 'commerce.productName' });
    expect(fitText('items', 'name', products, undefined).generator).not.toEqual({ faker: 'person.fullName' });
  });

  test('a column too short for what a method makes gets another generator', () => {
    expect(fitText('t', 'email', emails, 12).generator).not.toEqual({ faker: 'internet.email' });
  });

  test('codes of one layout become a pattern', () => {
    expect(codePattern(['SAVE-AB12CD', 'SAVE-ZZ9X0Q', 'SAVE-0Q1W2E'])).toBe('SAVE\\-[A-Z0-9]{6}');
    expect(codePattern(['INV-00012345', 'INV-99887766'])).toBe('INV\\-[0-9]{8}');
    expect(fitText('t', 'voucher', ['AB-123', 'CD-456', 'EF-789'], undefined).generator).toEqual({ pattern: '[A-Z]{2}\\-[0-9]{3}' });
    // Different lengths, or free text of one length, are no code.
    expect(codePattern(['AB-1', 'AB-12'])).toBeUndefined();
    expect(codePattern(['hello world', 'hello wordl'])).toBeUndefined();
  });

  test('free text is random words or letters of the lengths seen: no value is copied', () => {
    const notes = times(100, () => faker.lorem.sentence({ min: 3, max: 6 }));
    const fit = fitText('t', 'note', notes, undefined);
    const written = JSON.stringify(fit);
    expect(fit.generator).toEqual({ faker: { method: 'lorem.words', args: [{ min: expect.any(Number), max: expect.any(Number) }] } });
    for (const note of notes) expect(written).not.toContain(note);
    const tokens = times(100, () => faker.string.alpha({ length: { min: 5, max: 9 }, casing: 'upper' }));
    expect(fitText('t', 'token', tokens, 20).generator).toEqual({ faker: { method: 'string.alpha', args: [{ length: { min: 5, max: 9 }, casing: 'upper' }] } });
  });
});
