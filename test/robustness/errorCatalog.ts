import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli';

/** The folder the examples of docs/errors.md say they ran in. */
export const DOC_FOLDER = '/home/me/shop';

/** One section of docs/errors.md: its files, the command, and what the command prints. */
export interface CatalogExample {
  code: string;
  files: Record<string, string>;
  args: string[];
  /** Lines printed before the user presses Ctrl-C (`^C` in the console block), if they do. */
  interruptAfter?: string[];
  /** Lines the command prints to stderr, in this order (source lines around the fault left out). */
  expected: string[];
}

/**
 * Reads the examples of docs/errors.md: per `## CODE` section, the first `yaml` block is
 * `spec.yaml`, a block after `<!-- file: name -->` is that file, and the `console` block
 * holds `$ hopify-engine …` followed by what it prints.
 */
export function readCatalog(markdown: string): CatalogExample[] {
  const sections = markdown.split(/^## /m).slice(1);
  return sections
    .map((section) => {
      const code = section.slice(0, section.indexOf('\n')).trim();
      const files: Record<string, string> = {};
      let command: string[] | undefined;
      for (const block of section.matchAll(/(?:<!-- file: (\S+) -->\n)?```(\w+)\n([\s\S]*?)```/g)) {
        const [, name, language, body] = block;
        if (language === 'console') command = body.replace(/\n$/, '').split('\n');
        else if (name) files[name] = body;
        else if (language === 'yaml' && !files['spec.yaml']) files['spec.yaml'] = body;
      }
      return { code, files, command };
    })
    .filter((section) => /^[A-Z_]+$/.test(section.code))
    .map(({ code, files, command }) => {
      if (!command || !command[0].startsWith('$ hopify-engine ')) throw new Error(`docs/errors.md: section ${code} has no console block starting with "$ hopify-engine "`);
      const output = command.slice(1);
      const ctrlC = output.indexOf('^C');
      return {
        code,
        files,
        args: command[0].slice('$ hopify-engine '.length).trim().split(/\s+/),
        interruptAfter: ctrlC >= 0 ? output.slice(0, ctrlC) : undefined,
        expected: ctrlC >= 0 ? output.slice(ctrlC + 1) : output,
      };
    });
}

export interface ExampleRun {
  status: number | null;
  /** stderr with the temporary folder shown as DOC_FOLDER. */
  stderr: string;
}

/** Runs an example through the real CLI in a fresh folder holding its files (Ctrl-C as SIGINT). */
export function runExample(example: CatalogExample): Promise<ExampleRun> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hopify-doc-')));
  for (const [name, text] of Object.entries(example.files)) writeFileSync(join(dir, name), text);
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'hopify-engine.js'), ...example.args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  let interrupted = false;
  const shown = () => stderr.split(dir).join(DOC_FOLDER);
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Once: a second Ctrl-C would find the default handler and kill the process outright.
    if (example.interruptAfter && !interrupted && shown().includes(example.interruptAfter.join('\n'))) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  child.stdout.resume();
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr: shown() })));
}

/** The problem lines of CLI output: without the numbered source lines and the closing count. */
export function problemLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '' && !/^\s+[> ]\s*\d* \|/.test(line) && !/^\d+ problems? found\.$/.test(line));
}
