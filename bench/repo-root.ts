// The repository root, found from wherever this file runs: in place, or compiled under
// node_modules/.cache/deptbot-bench (npm run bench compiles the benchmark there).
import fs from 'node:fs';
import path from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'deptbot') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no deptbot package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);
