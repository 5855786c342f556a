import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options, ValidateFunction } from 'ajv';
import { loadPlugins } from '../plugins/registry';
import { composeSpecSchema } from './schema';

/**
 * Ajv adds the errors of a referenced schema (each column's) with `vErrors.concat(...)`,
 * which copies every error found so far: a spec of 80,000 failing columns made 3·10⁹
 * copies (50 s). The validator appends them in place instead; the errors are the same.
 */
export function appendErrorsInPlace(code: string): string {
  const helper = 'const appendErrors = (all, more) => { for (const error of more) all.push(error); return all; };\n';
  const appended = code.replace(/vErrors\.concat\(([\w$.]+)\.errors\)/g, 'appendErrors(vErrors, $1.errors)');
  // After a "use strict" directive, which must stay the first statement.
  const directive = /^"use strict";\n?/.exec(appended)?.[0] ?? '';
  return `${directive}${helper}${appended.slice(directive.length)}`;
}

/**
 * Ajv's options for the spec validator. It checks one spec per run, so Ajv's code
 * optimization passes would cost more at start-up (~75 ms) than they ever save.
 */
export const VALIDATOR_OPTIONS: Options = { allErrors: true, verbose: true, strict: false, code: { optimize: false, process: appendErrorsInPlace } };

/** Written by `npm run build` beside this module (in dist/): the validator of the plugins built with it, as code. */
const CODE_FILE = join(__dirname, 'specValidator.generated.js');

/** The schema and the rewrite of Ajv's code: a validator written before either changed is not used. */
const schemaHash = (schema: object): string => createHash('sha256').update(JSON.stringify(schema)).update(appendErrorsInPlace.toString()).digest('hex');

/**
 * The validator the build wrote, if it was made from this very schema (a plugin changed
 * since, or no build: undefined). Loading it costs ~10 ms; compiling the schema ~100 ms.
 */
export function prebuiltValidator(schema: object): ValidateFunction | undefined {
  let code: { default?: ValidateFunction; schemaHash?: string };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    code = require(CODE_FILE);
  } catch {
    return undefined;
  }
  return code.schemaHash === schemaHash(schema) ? code.default : undefined;
}

/** Ajv, loaded only to compile a schema: a run with the prebuilt validator spends no ~12 ms loading it. */
export function ajvModule(): typeof import('ajv') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ajv') as typeof import('ajv');
}

/** Writes the validator of the composed schema as code (`node dist/engine/spec/validatorCode.js`, part of `npm run build`). */
function writeValidatorCode(): void {
  const schema = composeSpecSchema(loadPlugins());
  const { default: Ajv } = ajvModule();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: standaloneCode } = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone');
  const ajv = new Ajv({ ...VALIDATOR_OPTIONS, code: { ...VALIDATOR_OPTIONS.code, source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  writeFileSync(CODE_FILE, `${appendErrorsInPlace(code)}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(schema))};\n`);
}

if (require.main === module) writeValidatorCode();
