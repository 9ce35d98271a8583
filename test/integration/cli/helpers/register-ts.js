// Lets a child `node` process load the TypeScript sources directly (tests only): transpile-only,
// like ts-jest, so the real entry point (src/cli.ts main) can run with a test task list. Output is
// cached by content in the temp folder: transpiling every file again costs seconds per process.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// Loading the compiler costs more than a cached run: only on a cache miss.
let compiler;
const tsVersion = require('typescript/package.json').version;

const cacheDir = path.join(os.tmpdir(), 'deptbot-ts-cache');
fs.mkdirSync(cacheDir, { recursive: true });

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(`${tsVersion}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    const ts = (compiler ??= require('typescript'));
    output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    fs.writeFileSync(`${cached}.${process.pid}`, output);
    fs.renameSync(`${cached}.${process.pid}`, cached);
  }
  module._compile(output, filename);
};
