import { PluginOptionError, tooCostly, type CompileContext } from '../../../engine/contract';
import { templatePlaceholders } from './fakerTemplate';
import { longestRepeatText, type RepeatFormat } from './repeatSyntax';
import { refuseLongText } from './valueLength';

type Limits = CompileContext['limits'];
type OptionPath = (string | number)[];

/** Modules and methods whose numbers are values to draw between (ranges, probabilities, dates), not sizes of what they make. */
const VALUE_MODULES = new Set(['number', 'date']);
const VALUE_METHODS = new Set([
  'finance.amount',
  'commerce.price',
  'location.latitude',
  'location.longitude',
  'location.nearbyGPSCoordinate',
  'datatype.boolean',
  'helpers.rangeToNumber',
]);
/** Methods whose first argument is data to pick from: its numbers are values. */
const DATA_METHODS = new Set([
  'helpers.arrayElement',
  'helpers.arrayElements',
  'helpers.weightedArrayElement',
  'helpers.objectKey',
  'helpers.objectValue',
  'helpers.objectEntry',
  'helpers.shuffle',
  'helpers.uniqueArray',
  'helpers.enumValue',
]);
/** Methods that expand the repeats written in their text. */
const REPEAT_METHODS: Record<string, RepeatFormat> = {
  'helpers.fromRegExp': 'regexp',
  'helpers.replaceCreditCardSymbols': 'card',
  'finance.creditCardNumber': 'card',
};
/** Keys whose numbers say how long or how many, in any method (`length`, `count`, `extensionCount`, and min/max below them). */
const SIZE_KEY = /^(length|count)$|Count$/;
/** A key `helpers.mustache` turns into a regular expression must not be one that could backtrack. */
const REGEX_SYNTAX = /[*+?{}()[\]|\\]/;

const N = new Intl.NumberFormat('en-US');

/**
 * Refuses, before Faker runs, arguments that would make one value longer than value_length:
 * a number that sets a length or a count (any number, unless the method draws values
 * between its numbers), a text longer than that, a repeat format or `helpers.fake`
 * template whose longest output is over it or cannot be told. What the arguments leave
 * open (a count Faker defaults to Number.MAX_SAFE_INTEGER) the draw budget of each call bounds.
 */
export function refuseCostlyArguments(method: string, args: unknown[], limits: Limits): void {
  checkCall(method, args, ['args'], limits, false);
}

/** `inTemplate`: the call is a `helpers.fake` placeholder, whose returned text Faker reads again as a template. */
function checkCall(method: string, args: unknown[], at: OptionPath, limits: Limits, inTemplate: boolean): void {
  const limit = limits.value_length;
  const valuesFree = VALUE_MODULES.has(method.split('.')[0]) || VALUE_METHODS.has(method);
  const repeats = REPEAT_METHODS[method];
  const where = (path: OptionPath) => `${inTemplate ? 'a placeholder of the template calls ' : ''}faker ${method}: ${argumentName(path)}`;
  // A placeholder's arguments are text inside the template: the template is the place to show.
  const place = (path: OptionPath) => (inTemplate ? at : [...at, ...path]);
  const visit = (value: unknown, path: OptionPath, sized: boolean, data: boolean): void => {
    if (typeof value === 'number') {
      if (Math.abs(value) > limit && (sized || !(valuesFree || data))) {
        throw tooCostly('value_length', limits, `${where(path)} is ${N.format(value)}, more than the ${N.format(limit)} characters or elements one value may have`, place(path));
      }
    } else if (typeof value === 'string') {
      refuseLongText(value, where(path), limits, place(path));
      if (repeats) checkRepeats(value, repeats, where(path), place(path), limits);
      else if (method === 'helpers.fake' && !inTemplate) checkTemplate(value, where(path), place(path), limits);
      else if (inTemplate && /[{}]/.test(value)) {
        throw new PluginOptionError(`${where(path)} holds a brace: Faker would read the value it returns as a template again`, 'keep braces out of the arguments of a template placeholder', place(path), 'SPEC_TOO_COSTLY');
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i], sized, data));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (method === 'helpers.mustache' && path.length === 1 && path[0] === 1 && REGEX_SYNTAX.test(key)) {
          throw new PluginOptionError(`${where([...path, key])}: helpers.mustache makes a regular expression of each key, and "${key}" holds regular-expression syntax`, 'name the keys with letters, digits, _ and -', place([...path, key]), 'SPEC_TOO_COSTLY');
        }
        visit(item, [...path, key], sized || SIZE_KEY.test(key), data);
      }
    }
  };
  args.forEach((arg, i) => visit(arg, [i], false, DATA_METHODS.has(method) && i === 0));
}

function checkRepeats(format: string, kind: RepeatFormat, where: string, at: OptionPath, limits: Limits): void {
  const longest = longestRepeatText(format, kind);
  if ('refused' in longest) {
    throw new PluginOptionError(`${where}: the length of what "${clip(format)}" makes cannot be told before it runs: ${longest.refused}`, 'write repeats as x{n} or [class]{n,m} with whole numbers', at, 'SPEC_TOO_COSTLY');
  }
  if (longest.length > limits.value_length) {
    throw tooCostly('value_length', limits, `${where}: "${clip(format)}" can make ${N.format(longest.length)} characters, more than the ${N.format(limits.value_length)} one value may have`, at);
  }
}

function checkTemplate(template: string, where: string, at: OptionPath, limits: Limits): void {
  const read = templatePlaceholders(template);
  if ('refused' in read) throw new PluginOptionError(`${where}: the template "${clip(template)}" is refused: ${read.refused}`, 'write placeholders as {{module.method}} or {{module.method(arguments)}}, with no other braces', at, 'SPEC_TOO_COSTLY');
  for (const placeholder of read.placeholders) {
    if (placeholder.args) checkCall(placeholder.path, placeholder.args, at, limits, true);
  }
}

/** `args[0].length.max` */
function argumentName(path: OptionPath): string {
  return `args${path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('')}`;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
