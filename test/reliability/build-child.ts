// JavaScript of the bot for the crash suite's child process: every file of src/ and tasks/, plus the
// child runner and the test task, transpiled file by file (tsc checks the types; this only has to
// run), into a folder named after the sources' content so that an unchanged tree is built once.
// Independent of dist/, so `npm test` alone works and never runs a stale build.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../support/local-wiki';

function typescriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(file);
    // .js too: the MariaDB driver's worker (src/ledger/backend/mariadb-worker.js) is plain JavaScript.
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Builds of earlier sources: kept an hour, in case another test process still runs one. */
function removeOldBuilds(keep: string): void {
  const hourAgo = Date.now() - 60 * 60 * 1000;
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith('deptbot-crash-child-') || name === keep) continue;
    const dir = path.join(os.tmpdir(), name);
    if ((fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < hourAgo) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds (once per content) and returns the path of the compiled test/reliability/run-task-child.js. */
export function buildChildRunner(): string {
  const files = [
    ...typescriptFiles(path.join(repoRoot, 'src')),
    ...typescriptFiles(path.join(repoRoot, 'tasks')),
    path.join(repoRoot, 'test', 'support', 'append-task.ts'),
    path.join(repoRoot, 'test', 'reliability', 'run-task-child.ts'),
  ];
  const hash = crypto.createHash('sha256').update(ts.version);
  for (const file of files) hash.update(file).update(fs.readFileSync(file));
  const outDir = path.join(os.tmpdir(), `deptbot-crash-child-${hash.digest('hex').slice(0, 16)}`);
  const runner = path.join(outDir, 'test', 'reliability', 'run-task-child.js');
  if (fs.existsSync(runner)) return runner;
  removeOldBuilds(path.basename(outDir));
  const staging = fs.mkdtempSync(`${outDir}-building-`);
  for (const file of files) {
    const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = path.join(staging, path.relative(repoRoot, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
  try {
    fs.renameSync(staging, outDir);
  } catch {
    // Another test process published the same build first: use that one.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return runner;
}
