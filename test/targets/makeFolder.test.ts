/** Folders an output needs, created also when another process creates them at the same moment. */
import fs, { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFolder } from '../../engine/targets/makeFolder';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hopify-make-folder-'))));
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

it('creates missing parents', () => {
  makeFolder(join(dir, 'a', 'b', 'c'));
  expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
});

it('accepts a folder another process created between its check and its mkdir', () => {
  const folder = join(dir, 'shared');
  fs.mkdirSync(folder);
  // As seen by a shard that checked just before the other shard created the folder.
  jest.spyOn(fs, 'existsSync').mockImplementation((path) => path !== folder);
  expect(() => makeFolder(folder)).not.toThrow();
});

it('still fails where a file stands in the way', () => {
  const file = join(dir, 'file');
  writeFileSync(file, '');
  jest.spyOn(fs, 'existsSync').mockImplementation((path) => path !== file);
  expect(() => makeFolder(file)).toThrow(/EEXIST/);
});
