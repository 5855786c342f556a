/** Weekday names of `closed:`, Sunday first (the order of getUTCDay()). */
export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Kinds of holiday in the holiday data, as it names them. */
export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A date, YYYY-MM-DD.' };

/** The `calendars:` section of a spec: the JSON Schema the spec schema composes. */
export const CALENDARS_SCHEMA = {
  type: 'object',
  description:
    'Calendars of open and closed days, by name. A date generator (date_between, date_within, date_offset) or a daily time_series given `calendar: <name>` makes no value on a closed day. A day is closed when it is a holiday of `holidays` (of the kinds in `types`), a weekday in `closed`, or one of `dates`; a day in `open` is open whatever else says. Days are calendar days (a holiday is the date it falls on in its country, whatever the time zone). Holiday data comes from the date-holidays package pinned by the engine (see docs/determinism.md); dates on a calendar lie in the years 100 to 9999.',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    properties: {
      holidays: {
        anyOf: [
          { type: 'string', description: 'One country (ISO 3166 code) or country-state code.' },
          { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Several: a day is closed when it is a holiday of any of them.' },
        ],
        description: 'Whose holidays close the calendar: a country code (`US`, `DE`), a country and state (`US-CA`, `DE-BY`) or a region below it (`US-LA-NO`), or a list of them.',
        examples: ['US', 'US-CA', ['GB-ENG', 'IE']],
      },
      types: {
        type: 'array',
        items: { enum: [...HOLIDAY_TYPES] },
        minItems: 1,
        default: ['public'],
        description: 'Kinds of holiday that close a day: public, bank, school, optional, observance.',
        examples: [['public', 'bank']],
      },
      closed: {
        type: 'array',
        items: { enum: [...WEEKDAY_NAMES] },
        description: 'Weekdays that are always closed: sun, mon, tue, wed, thu, fri, sat.',
        examples: [['sat', 'sun']],
      },
      dates: {
        anyOf: [
          { type: 'array', items: DATE, description: 'The dates.' },
          {
            type: 'object',
            required: ['data', 'column'],
            additionalProperties: false,
            description: 'A column of a data set (data:) holding the dates.',
            properties: {
              data: { type: 'string', description: 'Name of the data set.', examples: ['closures'] },
              column: { type: 'string', description: 'Its column holding dates (YYYY-MM-DD).', examples: ['date'] },
            },
          },
        ],
        description: 'More closed days: a list of dates, or a column of a data set.',
        examples: [['2024-12-24', '2024-12-31'], { data: 'closures', column: 'date' }],
      },
      open: { type: 'array', items: DATE, description: 'Days that are open even if a holiday, a closed weekday or `dates` closes them.', examples: [['2024-11-29']] },
    },
  },
  examples: [{ clinic: { holidays: 'US', closed: ['sat', 'sun'], dates: ['2024-12-24'] } }],
};
