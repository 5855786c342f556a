import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('generation reads neither the clock nor Math.random', () => {
  // The CLI may turn `--as-of today` into a date; nothing that generates rows may.
  // (Timing the run with performance.now() changes no row.)
  const files = [...sourceFiles(join(ROOT, 'engine')), ...sourceFiles(join(ROOT, 'plugins'))].filter((f) => !f.includes(`${join('engine', 'cli')}`));

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/Math\.random/);
    expect(text).not.toMatch(/Date\.now\(|new Date\(\)/);
  });
});
