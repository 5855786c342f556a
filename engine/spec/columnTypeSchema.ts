/** Widest DECIMAL every target stores: Parquet (and DuckDB) stop at 38 digits. */
export const MAX_DECIMAL_PRECISION = 38;
/** Longest CHAR(n) every target takes: MariaDB's CHAR stops at 255 characters. */
export const MAX_CHAR_LENGTH = 255;
/** Longest VARCHAR(n) every target takes: MariaDB's 65,535-byte row holds 16,383 four-byte characters. */
export const MAX_VARCHAR_LENGTH = 16_383;

/** The `type:` of a column: a plain kind, or a sized DECIMAL, VARCHAR or CHAR. */
export const COLUMN_TYPE_SCHEMA = {
  description:
    'SQL type of the column: a kind, or a sized type. `decimal` alone is `{ decimal: [15, 2] }`. Decimal values are rounded to the scale (decimal rounding: 1.005 → 1.01); a value with more digits before the point than precision − scale, or more than 15 significant digits (what the engine computes exactly), is a run error. Text longer than a varchar/char length is a run error; char values are written without trailing spaces.',
  anyOf: [
    { enum: ['integer', 'real', 'decimal', 'text', 'boolean', 'date', 'datetime'] },
    {
      type: 'object',
      additionalProperties: false,
      required: ['decimal'],
      properties: {
        decimal: {
          type: 'array',
          description: '[precision, scale]: digits in all, and digits after the point.',
          items: [
            { type: 'integer', minimum: 1, maximum: MAX_DECIMAL_PRECISION },
            { type: 'integer', minimum: 0, maximum: MAX_DECIMAL_PRECISION },
          ],
          minItems: 2,
          maxItems: 2,
          examples: [[15, 2]],
        },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['varchar'],
      properties: { varchar: { type: 'integer', minimum: 1, maximum: MAX_VARCHAR_LENGTH, description: 'Most characters a value holds.', examples: [25] } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['char'],
      properties: { char: { type: 'integer', minimum: 1, maximum: MAX_CHAR_LENGTH, description: 'Most characters a value holds (CHAR(n), written unpadded).', examples: [10] } },
    },
  ],
  examples: ['real', { decimal: [15, 2] }, { varchar: 25 }, { char: 10 }],
};
