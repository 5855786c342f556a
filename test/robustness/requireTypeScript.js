/**
 * Preloaded (`node -r`) into the fuzz cases' child process so it runs the TypeScript
 * sources as jest does (transpiled file by file, not type-checked), not a build that may
 * be older than them.
 */
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true };

require.extensions['.ts'] = (module, file) => {
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { fileName: file, compilerOptions });
  module._compile(outputText, file);
};
