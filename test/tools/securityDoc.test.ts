import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '../../engine/limits';
import { ROOT } from '../helpers/cli';

describe('docs/security.md', () => {
  const text = readFileSync(join(ROOT, 'docs', 'security.md'), 'utf8');

  test.each(Object.keys(LIMITS))('names the limit %s', (name) => {
    expect(text).toContain(`\`${name}\``);
  });
});
