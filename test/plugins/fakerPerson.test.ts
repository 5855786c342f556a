import { runSpec, validateSpec } from '../helpers/runSpec';
import { tableSpec } from './columnSamples';

async function rowsOf(columns: string, count = 3000): Promise<Record<string, unknown>[]> {
  const run = await runSpec(tableSpec(columns, count));
  try {
    return run.rows('t');
  } finally {
    run.close();
  }
}

const problemsOf = (columns: string) => validateSpec(tableSpec(columns));
/** `text` as a regular expression matching itself, the apostrophes usernames drop left out. */
const literal = (text: string) => text.replaceAll("'", '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('faker person:', () => {
  test("an email is made from the first and last name of the row's person, past titles and suffixes", async () => {
    const rows = await rowsOf(`
      name: { type: text, faker: person.fullName }
      email: { type: text, unique: true, faker: { method: internet.email, person: name } }`);
    const titled = rows.filter((r) => /^(Dr\.|Mrs?\.|Ms\.|Miss) /.test(String(r.name)) || /(Jr\.|Sr\.|I|II|III|IV|V|MD|DDS|PhD|DVM)$/.test(String(r.name)));
    expect(titled.length).toBeGreaterThan(100);
    for (const { name, email } of rows) {
      const words = String(name).split(' ');
      const first = /^(Dr\.|Mrs?\.|Ms\.|Miss)$/.test(words[0]) ? words[1] : words[0];
      const last = words.length > 2 && /^(Jr\.|Sr\.|I|II|III|IV|V|MD|DDS|PhD|DVM)$/.test(words[words.length - 1]) ? words[words.length - 2] : words[words.length - 1];
      expect(String(email)).toMatch(new RegExp(`^${literal(first)}[._]${literal(last)}\\d*@(gmail|yahoo|hotmail)\\.com$`));
    }
    expect(new Set(rows.map((r) => r.email)).size).toBe(rows.length);
  });

  test('any column holding a name will do; the options in args are kept; a NULL name gets names of Faker’s own', async () => {
    const rows = await rowsOf(`
      first: { type: text, choice: { Ada: 1, Grace: 1 } }
      name: { type: text, template: "{first} O'Hara-Smith", null_probability: 0.3 }
      login: { type: text, faker: { method: internet.username, person: name } }
      email: { type: text, faker: { method: internet.email, person: name, args: [{ provider: example.org }] } }`);
    for (const { name, first, login, email } of rows) {
      if (name === null) {
        expect(String(login)).not.toContain('OHara-Smith');
        continue;
      }
      expect(String(login)).toMatch(new RegExp(`^${first}[._]OHara-Smith\\d*$`));
      expect(String(email)).toMatch(new RegExp(`^${first}[._]OHara-Smith\\d*@example\\.org$`));
    }
    expect(rows.filter((r) => r.name === null).length).toBeGreaterThan(600);
  });

  test('the same seed gives the same emails', async () => {
    const columns = `
      name: { type: text, faker: person.fullName }
      email: { type: text, faker: { method: internet.email, person: name } }`;
    expect(await rowsOf(columns, 500)).toEqual(await rowsOf(columns, 500));
  });

  test('refused where it cannot apply, at the option that is wrong', () => {
    expect(problemsOf('      name: { type: text, faker: { method: person.fullName, person: id } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.name.faker.person', hint: 'drop person:, or pick one of those methods' }),
    ]);
    expect(problemsOf('      email: { type: text, faker: { method: internet.email, person: id, pool: 10 } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.email.faker.pool' }),
    ]);
    expect(problemsOf('      email: { type: text, faker: { method: internet.email, person: id, args: [Ada, Lovelace] } }')).toEqual([
      expect.objectContaining({ code: 'SPEC_BAD_OPTION', path: 'tables.t.columns.email.faker.args' }),
    ]);
    expect(problemsOf('      email: { type: text, faker: { method: internet.email, person: nmae } }')).toEqual([
      expect.objectContaining({ path: 'tables.t.columns.email.faker.person', hint: expect.stringContaining('id') }),
    ]);
  });
});
