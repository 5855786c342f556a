import type { Faker } from '@faker-js/faker';
import { defineGenerator, PluginOptionError, didYouMean } from '../../engine/contract';

interface FakerOptions {
  method: string;
  args?: unknown[];
  pool?: number;
}

type FakerMethod = (...args: unknown[]) => unknown;

export default defineGenerator<FakerOptions>({
  name: 'faker',
  summary: 'A value from any Faker method (names, emails, addresses, …), drawn from the column’s seeded stream.',
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
        description: 'Arguments passed to the method on every call.',
        examples: [[{ min: 1, max: 5 }], ['###-###']],
      },
      pool: {
        type: 'integer',
        minimum: 1,
        // Made at compile time: a runaway pool would stall `validate` itself.
        maximum: 100_000,
        description: 'Make this many values once, then draw each row from them: many times faster, and values repeat (realistic for first names, cities, company names; not for unique columns).',
        examples: [5000],
      },
    },
  },
  example: { type: 'text', faker: 'person.fullName' },
  version: 1,
  shorthand: 'method',
  compile(options, ctx) {
    const args = options.args ?? [];
    // Faker's date methods count from a reference date, which must be as_of, never the clock.
    const methodOf = (faker: Faker) => {
      faker.setDefaultRefDate(ctx.asOf);
      return resolveMethod(faker, options.method);
    };
    const method = methodOf(ctx.faker());
    // A trial call on a faker with a stream of its own finds bad arguments now, without moving the column's stream.
    let sample: unknown;
    try {
      sample = methodOf(ctx.faker())(...args);
    } catch (err) {
      throw new PluginOptionError(`faker ${options.method} fails with these arguments: ${(err as Error).message}`, 'check the arguments against https://fakerjs.dev/api/', ['args']);
    }
    if (sample !== null && typeof sample === 'object' && !(sample instanceof Date)) {
      throw new PluginOptionError(`faker ${options.method} returns ${Array.isArray(sample) ? 'a list' : 'an object'}, which a column cannot hold`, 'pick a method that returns text, a number or a date, e.g. helpers.arrayElement instead of helpers.arrayElements', ['method']);
    }
    const call = method.bind(undefined, ...args);
    const draw = () => {
      const value = call();
      return value instanceof Date ? value.getTime() : value;
    };
    if (options.pool === undefined) return draw;
    // Made at compile time, before any chunk reseeds the stream: every chunk sees the same pool.
    const pool = Array.from({ length: options.pool }, draw);
    const pick = ctx.stream('pool');
    return () => pool[Math.floor(pick.next() * pool.length)];
  },
});

/** The bound method at `path` (module.method), or an option error naming the closest method. */
function resolveMethod(faker: Faker, path: string): FakerMethod {
  const methods = fakerMethods(faker);
  const method = methods.get(path);
  if (!method) {
    throw new PluginOptionError(`"${path}" is not a Faker method`, didYouMean(path, [...methods.keys()], 'Faker method'), ['method']);
  }
  return method;
}

/** Every `module.method` of a Faker instance, bound to its module. */
function fakerMethods(faker: Faker): Map<string, FakerMethod> {
  const methods = new Map<string, FakerMethod>();
  for (const [moduleName, module] of Object.entries(faker)) {
    if (moduleName.startsWith('_') || moduleName === 'definitions' || moduleName === 'rawDefinitions' || module === null || typeof module !== 'object') continue;
    for (let proto = Object.getPrototypeOf(module); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = Object.getOwnPropertyDescriptor(proto, name)?.value;
        if (name === 'constructor' || name.startsWith('_') || typeof fn !== 'function') continue;
        const path = `${moduleName}.${name}`;
        if (!methods.has(path)) methods.set(path, fn.bind(module));
      }
    }
  }
  return methods;
}
