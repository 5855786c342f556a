import { faker } from '@faker-js/faker';
import { thousands } from './numberFormat';
import { largest, smallest } from './extremes';

/** A generator of made-up text shaped like a column's values; never a value of the column. */
export interface TextFit {
  generator: Record<string, unknown>;
  description: string;
}

interface FakerRule {
  method: string;
  /** Words of the column name (split at _ and case changes) that point to this method. */
  names: RegExp;
  /** The values' shape, when it alone is enough to recognise them. */
  shape?: RegExp;
  /** Longest value the method makes in practice: a shorter column gets a pattern instead. */
  longest: number;
  /** The name alone is too generic ("name", "country"): the values must have the shape too. */
  needsShape?: boolean;
}

/** Two to five capitalised words ("Dr. Ann Lee Jr."). */
const PERSON_NAME = /^[A-Z][a-zA-Z'’.-]*( [A-Z][a-zA-Z'’.-]*){1,4}$/;

let knownNames: Set<string> | undefined;

/** First and last names Faker knows (English): a value holding one is a person's name, not a product's. */
function isKnownName(word: string): boolean {
  if (!knownNames) {
    const { first_name: first, last_name: last } = faker.definitions.person as unknown as { first_name: Record<string, string[]>; last_name: Record<string, string[]> };
    knownNames = new Set([...Object.values(first ?? {}), ...Object.values(last ?? {})].flat());
  }
  return knownNames.has(word);
}

/** Share of values that look like a person's name: capitalised words, one of them a known first or last name. */
function personNameShare(values: readonly string[]): number {
  let hits = 0;
  for (const v of values) if (PERSON_NAME.test(v) && v.split(' ').some(isKnownName)) hits++;
  return hits / values.length;
}

/** Checked in order: shapes that identify values whatever their column is called come first. */
const RULES: FakerRule[] = [
  { method: 'internet.email', names: /(^|_)e?mail(_|$)/, shape: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, longest: 50 },
  { method: 'string.uuid', names: /(^|_)(uuid|guid)(_|$)/, shape: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, longest: 36 },
  { method: 'internet.url', names: /(^|_)(url|website|homepage|link)(_|$)/, shape: /^https?:\/\/\S+$/, longest: 60 },
  { method: 'phone.number', names: /(^|_)(phone|mobile|tel|telephone|fax)(_|$)/, shape: /^\+?[\d\s().-]{7,}$/, longest: 25 },
  { method: 'person.firstName', names: /(^|_)(first_?name|given_?name|forename)(_|$)/, longest: 15 },
  { method: 'person.lastName', names: /(^|_)(last_?name|surname|family_?name)(_|$)/, longest: 20 },
  { method: 'internet.username', names: /(^|_)(user_?name|login|handle|nickname)(_|$)/, longest: 30 },
  { method: 'company.name', names: /(^|_)(company|employer|organi[sz]ation|business)(_name)?(_|$)/, longest: 40 },
  { method: 'commerce.productName', names: /(^|_)product(_name)?(_|$)/, longest: 40 },
  { method: 'location.streetAddress', names: /(^|_)(address|street|address_line\d?|addr)(_|$)/, longest: 40 },
  { method: 'location.city', names: /(^|_)(city|town)(_|$)/, longest: 30 },
  { method: 'location.zipCode', names: /(^|_)(zip|zip_?code|postal_?code|postcode)(_|$)/, longest: 10 },
  { method: 'location.state', names: /(^|_)(state|province|region)(_|$)/, longest: 20 },
  { method: 'location.countryCode', names: /(^|_)country(_code)?(_|$)/, shape: /^[A-Z]{2}$/, longest: 2, needsShape: true },
  { method: 'location.country', names: /(^|_)country(_|$)/, longest: 50 },
  { method: 'person.fullName', names: /(^|_)(full_?name|name|contact_?name|person)(_|$)/, longest: 35, needsShape: true },
];

/** Share of values that must have a shape for it to count. */
const SHAPE_SHARE = 0.9;

/**
 * A Faker method matched by the column's name and its values' shape (e-mail, uuid, URL, phone,
 * names, addresses, companies…), else a `pattern` for codes of one length and layout, else random
 * words or letters of the values' lengths. `maxLength` is the column's VARCHAR/CHAR length.
 */
export function fitText(table: string, column: string, values: readonly string[], maxLength: number | undefined): TextFit {
  const n = values.length;
  // A bare `name` is named by its table: `products.name` is a product's name.
  const words = column.toLowerCase() === 'name' ? `${singular(snakeCase(table))}_name` : snakeCase(column);
  const seen = `${thousands(n)} values`;
  const fits = (limit: number) => maxLength === undefined || limit <= maxLength;
  for (const rule of RULES) {
    const shaped = n > 0 && (rule.method === 'person.fullName' ? personNameShare(values) >= 0.5 : rule.shape !== undefined && share(values, rule.shape) >= SHAPE_SHARE);
    const named = rule.names.test(words);
    const matched = rule.needsShape ? named && (shaped || n === 0) : shaped || named;
    if (matched && fits(rule.longest)) {
      return { generator: { faker: rule.method }, description: `faker ${rule.method}: ${shaped ? 'the values look like it' : 'by the column name'} (${seen})` };
    }
  }
  const code = codePattern(values);
  if (code !== undefined) return { generator: { pattern: code }, description: `codes of one layout, as a pattern (${seen})` };
  return lettersOrWords(values, maxLength, seen);
}

/** `customerEmail` and `Customer-Email` → `customer_email`, for matching name words. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
}

/** `customers` → `customer`, `companies` → `company`. */
function singular(word: string): string {
  return word.replace(/ies$/, 'y').replace(/(ss)$/, '$1').replace(/([^s])s$/, '$1');
}

function share(values: readonly string[], shape: RegExp): number {
  let hits = 0;
  for (const v of values) if (shape.test(v)) hits++;
  return hits / values.length;
}

/** Longest code a pattern is written for: longer text is prose, not a code. */
const MAX_CODE_LENGTH = 40;

/**
 * A pattern for values of one length where each position keeps one character or one kind
 * (digit, upper or lower letter), e.g. `SAVE-[A-Z0-9]{6}`; undefined when the values are no code.
 */
export function codePattern(values: readonly string[]): string | undefined {
  if (values.length < 2) return undefined;
  const length = values[0].length;
  if (length === 0 || length > MAX_CODE_LENGTH || values.some((v) => v.length !== length)) return undefined;
  // Per position: a literal (the same character everywhere) or the kinds of character seen there.
  const positions: Array<{ literal: string } | { kinds: Set<string> }> = [];
  let drawn = 0;
  for (let i = 0; i < length; i++) {
    const chars = new Set(values.map((v) => v[i]));
    if (chars.size === 1) {
      const c = values[0][i];
      positions.push({ literal: /[A-Za-z0-9]/.test(c) ? c : `\\${c}` });
      continue;
    }
    const kinds = new Set([...chars].map(kindOf));
    if (kinds.has('other')) return undefined;
    drawn++;
    positions.push({ kinds });
  }
  // A run of drawn positions keeps one kind each ("AB123"), or, where any position mixes kinds, their union for the whole run.
  const items: string[] = [];
  for (let i = 0; i < positions.length; ) {
    const at = positions[i];
    if ('literal' in at) {
      items.push(at.literal);
      i++;
      continue;
    }
    let j = i;
    while (j < positions.length && 'kinds' in positions[j]) j++;
    const run = positions.slice(i, j) as Array<{ kinds: Set<string> }>;
    const mixed = run.some((p) => p.kinds.size > 1);
    const union = new Set(run.flatMap((p) => [...p.kinds]));
    for (const p of run) items.push(classOf(mixed ? union : p.kinds));
    i = j;
  }
  // Mostly fixed text with a letter or two that varies is prose of one length, not a code.
  if (drawn === 0 || drawn < length / 4) return undefined;
  return compressRepeats(items);
}

function classOf(kinds: Set<string>): string {
  return `[${['A-Z', 'a-z', '0-9'].filter((k) => kinds.has(k)).join('')}]`;
}

function kindOf(c: string): string {
  return /[0-9]/.test(c) ? '0-9' : /[A-Z]/.test(c) ? 'A-Z' : /[a-z]/.test(c) ? 'a-z' : 'other';
}

/** `[0-9][0-9][0-9]` → `[0-9]{3}`. */
function compressRepeats(items: readonly string[]): string {
  let out = '';
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j < items.length && items[j] === items[i]) j++;
    const run = j - i;
    out += run > 2 || (run > 1 && items[i].startsWith('[')) ? `${items[i]}{${run}}` : items[i].repeat(run);
    i = j;
  }
  return out;
}

function lettersOrWords(values: readonly string[], maxLength: number | undefined, seen: string): TextFit {
  const lengths = values.map((v) => v.length);
  const shortest = values.length ? smallest(lengths) : 1;
  const longest = Math.min(values.length ? largest(lengths) : 20, maxLength ?? Infinity);
  const wordCounts = values.map((v) => v.split(/\s+/).filter(Boolean).length);
  const mostWords = values.length ? largest(wordCounts) : 1;
  // lorem words run to about 12 characters each: only where the column's length has room for them.
  if (mostWords > 1 && (maxLength === undefined || mostWords * 13 <= maxLength)) {
    const fewestWords = Math.max(1, smallest(wordCounts));
    return { generator: { faker: { method: 'lorem.words', args: [{ min: fewestWords, max: mostWords }] } }, description: `random words, ${span(fewestWords, mostWords)} per value as seen (${seen}); the text itself is not copied` };
  }
  const casing = values.every((v) => v === v.toLowerCase()) ? 'lower' : values.every((v) => v === v.toUpperCase()) ? 'upper' : 'mixed';
  const min = Math.max(1, Math.min(shortest, longest));
  return {
    generator: { faker: { method: 'string.alpha', args: [{ length: { min, max: Math.max(min, longest) }, casing }] } },
    description: `random letters, ${span(min, Math.max(min, longest))} characters as seen (${seen}); the text itself is not copied`,
  };
}

/** "2–5", or "3" when both ends are one. */
function span(low: number, high: number): string {
  return low === high ? String(low) : `${low}–${high}`;
}
