import { userError, type UserError } from './errors/problem';

/**
 * Every user-sized cost a spec can ask for is bounded before it is paid. Each bound has a
 * name, a default far above real datasets, and is raised with `--limit name=value`
 * (library: `limits: { name: value }`). docs/security.md lists them.
 */
/** The cap on a run's rows unless `--max-rows` says otherwise: far above real datasets, far below a mistyped count. */
export const DEFAULT_MAX_ROWS = 500_000_000;

export const LIMITS = {
  query_seconds: { default: 300, summary: 'seconds one spec SQL query (context, check, KPI, chart) may run, on every target' },
  expression_depth: { default: 200, summary: 'levels one expression may nest (calls, lists, if … then … else …, operators inside operators; a chain such as a + b + c is one level)' },
  expression_tokens: { default: 10_000, summary: 'tokens (values, names, operators, parentheses) one expression may have' },
  spec_files: { default: 1_000, summary: 'distinct files a spec may load through extends: and include:' },
  include_depth: { default: 64, summary: 'files deep a chain of extends: and include: may go' },
  param_text: { default: 10_000_000, summary: 'characters ${param} substitutions inside text may add to a spec, in all (a 1 MB param named 200,000 times would be 200 GB)' },
  problems: { default: 100, summary: 'problems validate lists before it stops looking (each may cost a scan of the spec\'s names)' },
  value_length: { default: 100_000, summary: 'characters (or list elements) one generated value may have, and random draws one Faker call may take: Faker arguments that set a length or a count, pattern and Faker regex repeats' },
  pool_characters: { default: 50_000_000, summary: 'characters a Faker pool may hold in all (pool × the length of its values), made while the spec is compiled' },
  series_periods: { default: 1_000_000, summary: 'periods one time_series driver may span (its window is made while the spec is compiled)' },
  calendar_years: { default: 400, summary: 'years one calendar (calendars:) may span: the holidays of each year are computed, and its open days counted, for every year between the earliest and the latest date it is asked about' },
  ordered_children: { default: 1_000_000, summary: 'children of one parent per_parent `order_by` holds in memory while it sorts them' },
  workers_per_core: { default: 4, summary: 'worker threads run --workers may start per CPU core' },
} as const satisfies Record<string, { default: number; summary: string }>;

export type LimitName = keyof typeof LIMITS;
export type Limits = Record<LimitName, number>;

/** The defaults with the caller's overrides. */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits = Object.fromEntries(Object.entries(LIMITS).map(([name, info]) => [name, info.default])) as Limits;
  for (const [name, value] of Object.entries(overrides)) if (value !== undefined && isLimitName(name)) limits[name] = value;
  return limits;
}

export function isLimitName(name: string): name is LimitName {
  return Object.hasOwn(LIMITS, name);
}

/** How to raise a limit, for the hint of the error that hit it. */
export function raiseLimitHint(name: LimitName, limits: Limits): string {
  return `the limit ${name} is ${limits[name].toLocaleString('en-US')}; raise it with --limit ${name}=<n> if the spec is trusted`;
}

/** The error for a cost over its limit. */
export function overLimit(name: LimitName, limits: Limits, message: string, extra: { path?: string; file?: string; line?: number; col?: number } = {}): UserError {
  return userError('SPEC_TOO_COSTLY', message, { hint: raiseLimitHint(name, limits), ...extra });
}
