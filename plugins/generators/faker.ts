import type { Faker } from '@faker-js/faker';
import { defineGenerator, PluginOptionError, didYouMean, RowError, tooCostly, type DrawBudget, type GeneratorContext, type RowFn } from '../../engine/contract';
import { refuseCostlyArguments } from './shared/fakerCost';
import { speedUpFakerHelpers } from './shared/fakerFastHelpers';
import { speedUpFakerStrings } from './shared/fakerFastStrings';
import { speedUpFakerUsernames } from './shared/fakerFastUsernames';
import { nameReader, PERSON_METHODS } from './shared/fakerPersonName';
import { atOption } from './shared/optionPath';

interface FakerOptions {
  method: string;
  args?: unknown[];
  pool?: number;
  person?: string;
}

type FakerMethod = (...args: unknown[]) => unknown;

export default defineGenerator<FakerOptions>({
  name: 'faker',
  summary:
    'A value from any Faker method (names, emails, addresses, …), drawn from the column’s seeded stream. One value is at most value_length characters (default 100,000) and one call at most as many random draws; arguments that ask for more are refused before Faker runs (--limit value_length=<n> raises it).',
  options: {
    type: 'object',
    required: ['method'],
    additionalProperties: false,
    properties: {
      method: {
        type: 'string',
        description: 'The Faker method as module.method (see https://fakerjs.dev/api/).',
        examples: ['person.fullName', 'internet.email', 'location.city', 'company.name'],
      },
      args: {
        type: 'array',
        description:
          'Arguments passed to the method on every call. A number that sets a length or a count (any number, except the ranges of number.*, date.* and the like), a text, a helpers.fromRegExp repeat and a helpers.fake template may each ask for at most value_length characters or elements.',
        examples: [[{ min: 1, max: 5 }], ['###-###']],
      },
      pool: {
        type: 'integer',
        minimum: 1,
        // Made at compile time: a runaway pool would stall `validate` itself.
        maximum: 100_000,
        description:
          'Make this many values once, then draw each row from them: many times faster, and values repeat (realistic for first names, cities, company names; not for unique columns). The pool holds at most pool_characters characters in all (default 50,000,000).',
        examples: [5000],
      },
      person: {
        type: 'string',
        description: `The column (or path, e.g. parent.name) holding the full name of the person the value belongs to, for ${PERSON_METHODS.join(', ')}: the value is made from that name's first and last name, so an email matches the name on the same row. A title or suffix of the locale (Dr., Jr.) is skipped; a row whose name is NULL gets names of Faker's own.`,
        examples: ['name'],
      },
    },
  },
  example: { type: 'text', faker: 'person.fullName' },
  version: 1,
  shorthand: 'method',
  compile(options, ctx) {
    const args = options.args ?? [];
    const { limits } = ctx;
    const limit = limits.value_length;
    refuseCostlyArguments(options.method, args, limits);
    // Every call may take as many random draws as a value may have characters: what the arguments leave open stays bounded.
    const budget: DrawBudget = { left: limit };
    // Faker's date methods count from a reference date, which must be as_of, never the clock.
    const methodOf = (faker: Faker) => {
      faker.setDefaultRefDate(ctx.asOf);
      speedUpFakerHelpers(faker);
      speedUpFakerUsernames(faker);
      speedUpFakerStrings(faker);
      return resolveMethod(faker, options.method);
    };
    const faker = ctx.faker(budget);
    const method = methodOf(faker);
    /** One value, or COSTLY when it took more draws, or has more characters, than value_length allows. */
    const attempt = (call: () => unknown): unknown => {
      budget.left = limit;
      let value: unknown;
      try {
        value = call();
      } catch (err) {
        // Faker catches some throws of its own calls: a spent budget is read from the budget, not from the error.
        if (budget.left < 0) return COSTLY;
        throw err;
      }
      return budget.left < 0 || (typeof value === 'string' && value.length > limit) ? COSTLY : value;
    };
    const costly = (at: string[]) =>
      tooCostly('value_length', limits, `faker ${options.method} with these arguments makes a value of more than ${N.format(limit)} characters, or takes more random draws than that`, at);
    // A trial call on a faker with a stream of its own finds bad arguments now, without moving the column's stream.
    let sample: unknown;
    try {
      const trial = methodOf(ctx.faker(budget));
      sample = attempt(() => trial(...args));
    } catch (err) {
      throw new PluginOptionError(`faker ${options.method} fails with these arguments: ${(err as Error).message}`, 'check the arguments against https://fakerjs.dev/api/', ['args']);
    }
    if (sample === COSTLY) throw costly(options.args ? ['args'] : ['method']);
    if (sample !== null && typeof sample === 'object' && !(sample instanceof Date)) {
      throw new PluginOptionError(`faker ${options.method} returns ${Array.isArray(sample) ? 'a list' : 'an object'}, which a column cannot hold`, 'pick a method that returns text, a number or a date, e.g. helpers.arrayElement instead of helpers.arrayElements', ['method']);
    }
    const call = method.bind(undefined, ...args);
    const checked = (value: unknown) => {
      if (value === COSTLY) {
        const error = costly([]);
        throw new RowError(`column ${ctx.column}: ${error.message}`, error.hint, 'SPEC_TOO_COSTLY');
      }
      return value instanceof Date ? value.getTime() : value;
    };
    if (options.person !== undefined) return personDraw(options, ctx, faker, method, (named) => checked(attempt(named ?? call)));
    if (options.pool === undefined) return () => checked(attempt(call));
    // Made at compile time, before any chunk reseeds the stream: every chunk sees the same pool.
    const poolTooLarge = () =>
      tooCostly('pool_characters', limits, `faker ${options.method}: a pool of ${N.format(options.pool!)} values like "${String(sample).slice(0, 40)}" holds more than ${N.format(limits.pool_characters)} characters`, ['pool']);
    if (options.pool * charactersOf(sample) > limits.pool_characters) throw poolTooLarge();
    const pool: unknown[] = [];
    let characters = 0;
    for (let i = 0; i < options.pool; i++) {
      const value = attempt(call);
      if (value === COSTLY) throw costly(options.args ? ['args'] : ['method']);
      if ((characters += charactersOf(value)) > limits.pool_characters) throw poolTooLarge();
      pool.push(value instanceof Date ? value.getTime() : value);
    }
    const pick = ctx.stream('pool');
    return () => pool[Math.floor(pick.next() * pool.length)];
  },
});

/**
 * Each row's value made from the first and last name of the person named in the `person`
 * column of the row: the method's options are its arguments' with those names added.
 */
function personDraw(options: FakerOptions, ctx: GeneratorContext, faker: Faker, method: FakerMethod, draw: (named: (() => unknown) | undefined) => unknown): RowFn {
  if (!PERSON_METHODS.includes(options.method)) {
    throw new PluginOptionError(`person: gives a name to ${PERSON_METHODS.join(', ')}; ${options.method} takes none`, 'drop person:, or pick one of those methods', ['person']);
  }
  if (options.pool !== undefined) {
    throw new PluginOptionError('person: and pool: do not go together: a pool is made before any row, without the row\'s name', 'drop pool: to make each value from its row\'s name', ['pool']);
  }
  const args = options.args ?? [];
  const base = args[0];
  if (args.length > 1 || (base !== undefined && (base === null || typeof base !== 'object' || Array.isArray(base)))) {
    throw new PluginOptionError(`with person:, ${options.method} takes one argument, its options ({ provider: …, allowSpecialCharacters: … })`, 'give the options as one mapping, or drop args:', ['args']);
  }
  const readName = atOption(['person'], () => ctx.read(options.person!));
  const partsOf = nameReader(faker);
  return (row) => {
    const parts = partsOf(readName(row));
    return draw(parts && (() => method({ ...(base as object | undefined), ...parts })));
  };
}

const COSTLY = Symbol('costly');
const N = new Intl.NumberFormat('en-US');

/** What a value costs a pool: its characters (a number or a date counts as one). */
function charactersOf(value: unknown): number {
  return typeof value === 'string' ? value.length : 1;
}

/** The bound method at `path` (module.method), or an option error naming the closest method. */
function resolveMethod(faker: Faker, path: string): FakerMethod {
  const methods = fakerMethods(faker);
  const method = methods.get(path);
  if (!method) {
    throw new PluginOptionError(`"${path}" is not a Faker method`, didYouMean(path, [...methods.keys()], 'Faker method'), ['method']);
  }
  return method;
}

/** Every `module.method` of a Faker instance, bound to its module (a method replaced on the module itself as replaced). */
function fakerMethods(faker: Faker): Map<string, FakerMethod> {
  const methods = new Map<string, FakerMethod>();
  for (const [moduleName, module] of Object.entries(faker)) {
    if (moduleName.startsWith('_') || moduleName === 'definitions' || moduleName === 'rawDefinitions' || module === null || typeof module !== 'object') continue;
    for (let proto = Object.getPrototypeOf(module); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        // A method replaced on the instance (the fast versions, same values) is taken over its class's.
        const fn = (Object.getOwnPropertyDescriptor(module, name) ?? Object.getOwnPropertyDescriptor(proto, name))?.value;
        if (name === 'constructor' || name.startsWith('_') || typeof fn !== 'function') continue;
        const path = `${moduleName}.${name}`;
        if (!methods.has(path)) methods.set(path, fn.bind(module));
      }
    }
  }
  return methods;
}
