/**
 * Holidays from the date-holidays package: its rules and data ship inside the package, so
 * nothing is fetched, and the pinned version fixes which days are holidays.
 */
import type HolidaysClass from 'date-holidays';
import { PluginOptionError } from '../contract';
import { closest, suggestName } from '../spec/suggest';
import { DAY_MS, parseAbsoluteDate } from './dates';

/** The years a calendar covers: the holiday data is right only for these. */
export const FIRST_YEAR = 100;
export const LAST_YEAR = 9999;

/** Holidays of one place: the epoch days of the holidays of a year, of the kinds asked for. */
export type HolidaySource = (year: number) => number[];

/** Loaded on first use: the package and its data cost ~90 ms, paid only by specs with holidays. */
function holidaysClass(): typeof HolidaysClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('date-holidays') as typeof HolidaysClass;
}

/**
 * The holidays of `code` (`US`, `US-CA`, `US-LA-NO`; any case) of the given kinds. An unknown
 * country, state or region is a PluginOptionError with a did-you-mean from the package's lists.
 */
export function holidaySource(code: string, types: readonly string[]): HolidaySource {
  const Holidays = holidaysClass();
  const lists = new Holidays();
  const [country, state, region, ...rest] = code.split('-');
  if (rest.length) throw new PluginOptionError(`"${code}" has more parts than country-state-region`, 'write a country (US), a country and state (US-CA) or a region below it (US-LA-NO)');
  const countryCode = known(country, lists.getCountries('en'), 'country', code);
  const stateCode = state === undefined ? undefined : known(state, lists.getStates(countryCode, 'en') ?? {}, `state of ${countryCode}`, code);
  const regionCode = region === undefined ? undefined : known(region, lists.getRegions(countryCode, stateCode!, 'en') ?? {}, `region of ${countryCode}-${stateCode}`, code);
  const place = regionCode !== undefined ? new Holidays(countryCode, stateCode!, regionCode) : stateCode !== undefined ? new Holidays(countryCode, stateCode) : new Holidays(countryCode);
  const kinds = new Set(types);
  return (year) => {
    // The package reads a year 0 as this year (the clock), years below 100 as 19xx, and past 9999 wraps.
    if (year < FIRST_YEAR || year > LAST_YEAR) return [];
    const days: number[] = [];
    for (const holiday of place.getHolidays(year, 'en')) {
      if (!kinds.has(holiday.type)) continue;
      // The date it falls on where it is kept; a holiday of several days closes each of them.
      const first = parseAbsoluteDate(holiday.date.slice(0, 10));
      if (first === undefined) continue;
      const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
      for (let d = 0; d < length; d++) days.push(first / DAY_MS + d);
    }
    return days;
  };
}

/** The code as the package spells it, or an error naming the valid codes (a country's name finds its code). */
function known(part: string, names: Record<string, string>, what: string, code: string): string {
  const codes = Object.keys(names);
  const exact = codes.find((c) => c.toLowerCase() === part.toLowerCase());
  if (exact !== undefined) return exact;
  // Two-letter codes are all within a typo of each other: a name, or a code the text starts with (USA → US), is a better guess.
  const byName = codes.find((c) => names[c].toLowerCase() === part.toLowerCase());
  const byPrefix = codes.find((c) => part.toLowerCase().startsWith(c.toLowerCase()));
  const near = byName ?? byPrefix ?? (part.length > 3 ? closest(part, Object.values(names)) : undefined);
  const guess = near === undefined ? undefined : (codes.find((c) => names[c] === near) ?? near);
  const hint = guess !== undefined ? `did you mean "${code.replace(part, guess)}" (${names[guess]})?` : suggestName(part, codes, what);
  throw new PluginOptionError(`"${part}" in "${code}" is not a ${what} the holiday data knows`, hint, [], 'SPEC_UNKNOWN_NAME');
}
