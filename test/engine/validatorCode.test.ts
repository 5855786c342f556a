/** The spec validator the build writes as code: used only when made from the current schema, and it reports what a compiled one reports. */
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { loadPlugins } from '../../engine/plugins/registry';
import { composeSpecSchema } from '../../engine/spec/schema';
import { VALIDATOR_OPTIONS } from '../../engine/spec/validatorCode';
import { ROOT } from '../helpers/cli';

// The build (npm run build, or pretest) writes it beside the compiled module in dist/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prebuiltValidator } = require(join(ROOT, 'dist', 'engine', 'spec', 'validatorCode.js')) as { prebuiltValidator: (schema: object) => ValidateFunction | undefined };
const schema = composeSpecSchema(loadPlugins());

const SPECS: unknown[] = [
  { name: 'ok', seed: 1, tables: { t: { rows: { count: 3 }, columns: { id: { type: 'integer', sequence: {} } } } } },
  { name: 'x', seed: 1, tables: { t: { rows: { count: -1 }, columns: { id: { type: 'integger', sequence: {} } } } } },
  { name: 'x', tables: { t: { rows: { count: 3 }, columns: { id: { type: 'integer', uniform: { min: 'a' }, extra: 1 } } } } },
  { seed: 'nope', params: [], tables: 3 },
];

test('the written validator is used for the schema it was made from, and agrees with a compiled one', () => {
  const written = prebuiltValidator(schema);
  expect(written).toBeDefined();
  const compiled = new Ajv(VALIDATOR_OPTIONS).compile(schema);
  for (const spec of SPECS) {
    expect(written!(spec)).toBe(compiled(spec));
    expect(written!.errors ?? null).toEqual(compiled.errors ?? null);
  }
});

test('a schema changed since the build (a plugin edited) does not get the written validator', () => {
  expect(prebuiltValidator({ ...schema, title: 'changed' })).toBeUndefined();
});
