import { runSpec } from '../helpers/runSpec';
import { columnProblems, oneColumnSpec, sampleColumn, writtenDateMs } from './columnSamples';

describe('faker', () => {
  test('any module.method, by shorthand', async () => {
    const names = await sampleColumn('{ type: text, faker: person.fullName }', 2000);
    expect(names.every((n) => typeof n === 'string' && n.includes(' '))).toBe(true);
    expect(new Set(names).size).toBeGreaterThan(1500);
  });

  test('arguments are passed on every call', async () => {
    const values = await sampleColumn('{ type: integer, faker: { method: number.int, args: [{ min: 1, max: 5 }] } }', 2000);
    expect(new Set(values)).toEqual(new Set([1, 2, 3, 4, 5]));
    const picks = await sampleColumn('{ type: text, faker: { method: helpers.arrayElement, args: [[red, green]] } }', 200);
    expect(new Set(picks)).toEqual(new Set(['red', 'green']));
  });

  test('the same seed gives the same values; another seed others', async () => {
    const spec = oneColumnSpec('{ type: text, faker: internet.email }', 500);
    const [a, b, c] = await Promise.all([runSpec(spec), runSpec(spec), runSpec(spec, { seed: 2 })]);
    expect(a.rows('t')).toEqual(b.rows('t'));
    expect(a.rows('t')).not.toEqual(c.rows('t'));
    [a, b, c].forEach((run) => run.close());
  });

  test('date methods count back from as_of, not from the clock', async () => {
    const values = await sampleColumn('{ type: datetime, faker: date.past }', 2000);
    const asOf = Date.UTC(2025, 5, 30);
    const times = values.map(writtenDateMs);
    expect(Math.max(...times)).toBeLessThanOrEqual(asOf);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.UTC(2024, 5, 30));
  });

  test('a misspelt method gets a suggestion', () => {
    expect(columnProblems('{ type: text, faker: person.fullname }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.faker.method', hint: 'did you mean "person.fullName"?' }),
    ]);
    expect(columnProblems('{ type: text, faker: persn.firstName }')).toEqual([expect.objectContaining({ hint: 'did you mean "person.firstName"?' })]);
  });

  test('only module.method paths resolve, never Faker internals', () => {
    for (const method of ['person', 'seed', 'person.constructor', '_randomizer.next', 'person.fullName.call']) {
      expect(columnProblems(`{ type: text, faker: "${method}" }`)).toEqual([expect.objectContaining({ code: 'SPEC_BAD_OPTION', message: `"${method}" is not a Faker method` })]);
    }
  });

  test('methods returning lists or objects are refused', () => {
    expect(columnProblems('{ type: text, faker: { method: helpers.arrayElements, args: [[a, b, c]] } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.faker.method', message: 'faker helpers.arrayElements returns a list, which a column cannot hold' }),
    ]);
  });

  test('arguments Faker rejects are reported at compile time', () => {
    expect(columnProblems('{ type: integer, faker: { method: number.int, args: [{ min: 5, max: 1 }] } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.x.faker.args' }),
    ]);
  });
});
