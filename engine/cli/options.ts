import { InvalidArgumentError, type Command } from 'commander';
import type { RunSpecOptions } from '../index';
import { isLimitName, LIMITS, type Limits } from '../limits';

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--limit name=value`, repeatable: raises (or lowers) one of engine/limits.ts's bounds. */
export function limitOverride(value: string, previous: Partial<Limits>): Partial<Limits> {
  const [name, number] = value.split('=');
  if (!isLimitName(name)) throw new InvalidArgumentError(`unknown limit "${name}"; the limits are ${Object.keys(LIMITS).join(', ')}`);
  const n = Number(number);
  if (number === undefined || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected ${name}=<positive number>`);
  return { ...previous, [name]: n };
}

/** `--as-of today` is the one place the clock is read: the CLI turns it into a fixed date. */
function asOfDate(value: string): string {
  if (value === 'today') return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('expected YYYY-MM-DD or today');
  return value;
}

export interface SpecFlags {
  seed?: string;
  scale?: number;
  set: string[];
  asOf?: string;
  allowPath: string[];
  limit: Partial<Limits>;
}

export function specOptions(flags: SpecFlags): RunSpecOptions {
  const seed = flags.seed === undefined ? undefined : /^-?\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed;
  return { seed, scale: flags.scale, set: flags.set, asOf: flags.asOf, allowPaths: flags.allowPath, limits: flags.limit };
}

/** The options every verb that reads a spec takes. */
export function withSpecOptions(command: Command): Command {
  return command
    .option('--seed <seed>', 'root seed (overrides the spec)')
    .option('--scale <factor>', 'multiply every scaled row count', positiveNumber)
    .option('--set <path=value>', 'override any spec value, e.g. params.customers=500 (repeatable)', collect, [])
    .option('--as-of <date>', "the dataset's today: YYYY-MM-DD or today", asOfDate)
    .option('--allow-path <dir>', "let the spec read files (extends, include, data) in this folder too, besides the spec's project (repeatable)", collect, [])
    .option('--limit <name=value>', 'raise a bound on what a spec may cost, e.g. query_seconds=900 (repeatable; docs/security.md lists them)', limitOverride, {});
}

