import { PluginOptionError, type Calendar } from '../contract';
import type { Limits } from '../limits';
import type { CalendarSpec } from '../spec/model';
import { suggestName } from '../spec/suggest';
import { compileCalendar } from './calendarSpec';

/**
 * Compiles every calendar of the spec once (each fault reported at its path under `calendars`),
 * and returns the lookup plugins reach through `ctx.calendar(name)`.
 */
export function compileCalendars(
  specs: Record<string, CalendarSpec> | undefined,
  data: (name: string) => Record<string, unknown>[],
  limits: Limits,
  report: (err: unknown, path: (string | number)[]) => void,
): (name: string) => Calendar {
  const calendars = new Map<string, Calendar>();
  // A calendar with faults is still made, of its parts that hold: its users compile against it, and each fault is reported once, here.
  for (const [name, spec] of Object.entries(specs ?? {})) calendars.set(name, compileCalendar(name, spec, data, limits, (err, at) => report(err, ['calendars', name, ...at])));
  return (name) => {
    const calendar = calendars.get(name);
    if (!calendar) throw new PluginOptionError(`calendar "${name}" is not declared`, `${suggestName(name, [...calendars.keys()], 'calendar')} (calendars are declared under calendars: at the top of the spec)`, [], 'SPEC_UNKNOWN_NAME');
    return calendar;
  };
}
