import { defineGenerator, PluginOptionError, raiseLimitHint, RowError, type CompileContext, type Row, type RowFn } from '../../engine/contract';
import { atOption } from './shared/optionPath';
import { refuseLongText } from './shared/valueLength';

interface TemplateOptions {
  template: string;
  lower?: boolean;
}

export default defineGenerator<TemplateOptions>({
  name: 'template',
  summary: 'Text with {path} placeholders filled from the row, e.g. "{first_name}.{last_name}@example.com"; the template is at most value_length characters (default 100,000).',
  options: {
    type: 'object',
    required: ['template'],
    additionalProperties: false,
    properties: {
      template: {
        type: 'string',
        description: 'The text; {path} inserts a value visible from the row (NULL inserts nothing); {{ and }} write literal braces.',
        examples: ['{first_name}.{last_name}@example.com', 'INV-{order_id}', '{parent.company_name} HQ'],
      },
      lower: { type: 'boolean', default: false, description: 'Lower-case the result.', examples: [true] },
    },
  },
  example: { type: 'text', template: { template: '{first_name}.{last_name}@example.com', lower: true } },
  version: 1,
  shorthand: 'template',
  compile(options, ctx) {
    // Its text is part of every value, and read once per row.
    refuseLongText(options.template, 'the template', ctx.limits, ['template']);
    const { literals, paths } = parseTemplate(options.template);
    const readers: RowFn[] = paths.map((path) => atOption(['template'], () => ctx.read(path)));
    const head = literals[0];
    const limits = ctx.limits;
    const fill = (row: Row): string => {
      let out = head;
      for (let i = 0; i < readers.length; i++) {
        const value = readers[i](row);
        out += (value === null || value === undefined ? '' : value) + literals[i + 1];
        // Many placeholders of long values would build text past what one value (or V8) may hold.
        if (out.length > limits.value_length) throw tooLong(out.length, limits);
      }
      return out;
    };
    return options.lower ? (row) => fill(row).toLowerCase() : fill;
  },
});

function tooLong(length: number, limits: CompileContext['limits']): RowError {
  const n = (value: number) => value.toLocaleString('en-US');
  return new RowError(`the template's text reached ${n(length)} characters, more than the ${n(limits.value_length)} one value may have`, raiseLimitHint('value_length', limits), 'SPEC_TOO_COSTLY');
}

/** Splits a template into literal text around each placeholder: literals.length = paths.length + 1. */
function parseTemplate(template: string): { literals: string[]; paths: string[] } {
  const literals: string[] = [];
  const paths: string[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      text += c;
      i++;
    } else if (c === '{') {
      const close = template.indexOf('}', i);
      const path = close < 0 ? '' : template.slice(i + 1, close).trim();
      if (close < 0 || path === '' || path.includes('{')) {
        throw new PluginOptionError(`placeholder at character ${i + 1} of "${template}" is not of the form {path}`, 'close each { with }, or write {{ for a literal brace', ['template']);
      }
      literals.push(text);
      paths.push(path);
      text = '';
      i = close;
    } else if (c === '}') {
      throw new PluginOptionError(`"}" at character ${i + 1} of "${template}" closes no placeholder`, 'write }} for a literal brace', ['template']);
    } else {
      text += c;
    }
  }
  literals.push(text);
  return { literals, paths };
}
