import { defineGenerator, PluginOptionError } from '../../engine/contract';
import { toColumnValue } from './shared/columnValues';
import { atOption } from './shared/optionPath';
import { cumulativeWeights, pickWeighted } from './shared/weightedPick';

type ChoiceValue = string | number | boolean | null;
type ChoiceOptions = Record<string, number> | { values: ChoiceValue[]; weights?: number[] };

export default defineGenerator<ChoiceOptions>({
  name: 'choice',
  summary: 'One of a list of values, picked at random by weight.',
  options: {
    description: 'Either a map of value → weight, or a list of values with optional weights (uniform without).',
    anyOf: [
      {
        type: 'object',
        title: 'value: weight',
        description: 'Each key is a value, each number its weight (weights need not sum to 100).',
        minProperties: 1,
        additionalProperties: { type: 'number', minimum: 0, description: 'Weight of the value.' },
        examples: [{ SMB: 60, 'Mid-Market': 30, Enterprise: 10 }],
      },
      {
        type: 'object',
        title: 'values and weights',
        required: ['values'],
        additionalProperties: false,
        properties: {
          values: {
            type: 'array',
            minItems: 1,
            items: { type: ['string', 'number', 'boolean', 'null'] },
            description: 'The values to pick from.',
            examples: [['card', 'paypal', 'invoice'], [1, 3, 12]],
          },
          weights: {
            type: 'array',
            items: { type: 'number', minimum: 0 },
            description: 'Weight of each value, in the same order; every value is equally likely when omitted.',
            examples: [[70, 20, 10]],
          },
        },
      },
    ],
  },
  example: { type: 'text', choice: { SMB: 60, 'Mid-Market': 30, Enterprise: 10 } },
  version: 1,
  distinctValues: (options) => {
    const { values, weights } = choiceList(options);
    return weights ? weights.filter((w) => w > 0).length : values.length;
  },
  values: (options) => choiceList(options).values,
  compile(options, ctx) {
    const list = choiceList(options);
    const values = list.values.map((value, i) => atOption(list.isMap ? [String(value)] : ['values', i], () => toColumnValue(value, ctx)));
    const stream = ctx.stream();
    if (!list.weights) {
      const last = values.length - 1;
      return () => values[stream.int(0, last)];
    }
    if (list.weights.length !== values.length) {
      throw new PluginOptionError(`${values.length} values but ${list.weights.length} weights`, 'give one weight per value, in the same order', ['weights']);
    }
    const cumulative = cumulativeWeights(list.weights);
    if (!(cumulative[cumulative.length - 1] > 0)) throw new PluginOptionError('every weight is 0', 'give at least one value a positive weight', list.isMap ? [] : ['weights']);
    return () => values[pickWeighted(cumulative, stream.next())];
  },
});

/** Both forms as parallel lists; weights undefined means uniform. */
function choiceList(options: ChoiceOptions): { values: ChoiceValue[]; weights?: number[]; isMap: boolean } {
  if (Array.isArray(options.values)) {
    const list = options as { values: ChoiceValue[]; weights?: number[] };
    return { values: list.values, weights: list.weights, isMap: false };
  }
  const map = options as Record<string, number>;
  return { values: Object.keys(map), weights: Object.values(map), isMap: true };
}
